import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../src/cli/console-logger.js';
import { registerSecrets } from '../../src/util/mask.js';
import { runnerCommands } from '../support/runner-commands.js';

describe('createConsoleLogger', () => {
  it('writes one line a message with its level, secrets masked, and no line a runner would take as a command', () => {
    registerSecrets(['tok-secret-123']);
    const lines: string[] = [];
    const logger = createConsoleLogger((line) => lines.push(line), { debug: false });
    logger.info('::error::pwned by tok-secret-123');
    logger.warning('slow\n::add-mask::x');
    logger.error('legacy ##[add-mask]FAIL\rthen ::stop-commands::x');
    logger.debug('hidden without RUNNER_DEBUG');
    expect(lines).toEqual([
      ': :error::pwned by ***',
      'warning: slow\n: :add-mask::x',
      'error: legacy ## [add-mask]FAIL\nthen ::stop-commands::x',
    ]);
    expect(runnerCommands(lines.join('\n'))).toEqual([]);
  });
});
