import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../src/cli/console-logger.js';

describe('createConsoleLogger', () => {
  it('writes one line a message with its level, secrets masked, and no line a runner would take as a command', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger(
      (line) => lines.push(line),
      () => ['tok-secret-123'],
      { debug: false },
    );
    logger.info('::error::pwned by tok-secret-123');
    logger.warning('slow\n::add-mask::x');
    logger.debug('hidden without RUNNER_DEBUG');
    expect(lines).toEqual([': :error::pwned by ***', 'warning: slow\n: :add-mask::x']);
    expect(
      lines
        .join('\n')
        .split('\n')
        .some((line) => line.startsWith('::')),
    ).toBe(false);
  });
});
