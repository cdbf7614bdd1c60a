import { describe, expect, it } from 'vitest';
import { commandLineWording } from '../../src/cli/wording.js';

describe("the command line's wording", () => {
  it('turns workflow advice into flags and environment variables', () => {
    const workflowExpression = '$' + '{{ secrets.VERCEL_TOKEN }}';
    expect(commandLineWording(`pass a token (\`vercel-token: ${workflowExpression}\`) or drop it`)).toBe(
      'pass a token (`--vercel-token` (or VERCEL_TOKEN in the environment)) or drop it',
    );
    expect(commandLineWording('or set `health-format: status-code` to judge by the code')).toBe(
      'or set `--health-format status-code` to judge by the code',
    );
    expect(commandLineWording('raise `request-timeout`; check the `config` input')).toBe(
      'raise `--request-timeout`; check `--config`',
    );
    expect(commandLineWording('Re-run the job to check it; then re-run the workflow.')).toBe(
      'Run the gate again to check it; then run the gate again.',
    );
  });

  it('leaves what is not an input alone', () => {
    const text = 'set `checklist.dashboard` or `dashboard: false`; `database_health` is 0';
    expect(commandLineWording(text)).toBe(text);
  });
});

describe('the monitor command’s wording', () => {
  it('names the monitor’s own inputs as flags', () => {
    expect(
      commandLineWording('line 2 of `targets` is not a URL; set `failure-threshold: 3`', 'monitor'),
    ).toBe('line 2 of `--targets` is not a URL; set `--failure-threshold 3`');
  });

  it('leaves the monitor’s inputs alone in the gate’s messages', () => {
    const text = 'raise `failure-threshold`';
    expect(commandLineWording(text)).toBe(text);
  });
});
