import { describe, expect, it } from 'vitest';
import { DirStore } from '../../src/history/dir-store.js';
import { noneStore } from '../../src/history/none-store.js';
import {
  HistoryConfigError,
  openHistoryStore,
  parseHistorySpec,
  parseSquashAfter,
} from '../../src/history/open-store.js';
import { fixedClock } from '../support/clocks.js';
import { offlineDeps } from '../support/deps.js';

const deps = offlineDeps(fixedClock(0));

describe('the history input', () => {
  it('parses branch:NAME, dir:PATH and none', () => {
    expect(parseHistorySpec('branch:deployment-health-data')).toEqual({
      kind: 'branch',
      branch: 'deployment-health-data',
    });
    expect(parseHistorySpec(' branch: health/data ')).toEqual({ kind: 'branch', branch: 'health/data' });
    expect(parseHistorySpec('dir:.deployment-health')).toEqual({ kind: 'dir', path: '.deployment-health' });
    expect(parseHistorySpec('DIR:/var/lib/health')).toEqual({ kind: 'dir', path: '/var/lib/health' });
    expect(parseHistorySpec('none')).toEqual({ kind: 'none' });
  });

  it('names the input, the value and the fix for anything else', () => {
    expect(() => parseHistorySpec('s3://bucket')).toThrow(HistoryConfigError);
    expect(() => parseHistorySpec('s3://bucket')).toThrow(
      '`history` is "s3://bucket"; it must be `branch:NAME` (a data branch of this repository), `dir:PATH` (a folder) or `none`.',
    );
    expect(() => parseHistorySpec('branch:')).toThrow(/needs a branch name/);
    expect(() => parseHistorySpec('branch:a..b')).toThrow(/cannot hold "\.\."/);
    expect(() => parseHistorySpec('branch:has space')).toThrow(/cannot hold spaces/);
    expect(() => parseHistorySpec('branch:x.lock')).toThrow(/\.lock/);
    expect(() => parseHistorySpec('branch:refs/heads/x')).toThrow(/without `refs\/heads\/`/);
    expect(() => parseHistorySpec('dir:')).toThrow(/`dir:` needs a folder/);
    expect(() => parseHistorySpec('branch', 'history')).toThrow(/`history` is "branch"/);
  });

  it('opens the store it names; a branch without a repository and token is a configuration error', () => {
    expect(openHistoryStore('none', { deps })).toBe(noneStore);
    expect(openHistoryStore('dir:.h', { deps })).toBeInstanceOf(DirStore);
    expect(() => openHistoryStore('branch:data', { deps })).toThrow(
      /needs `github-token` and the repository/,
    );
  });

  it('parses history-squash: a duration, days, or never', () => {
    expect(parseSquashAfter('24h')).toBe(86_400_000);
    expect(parseSquashAfter('7d')).toBe(7 * 86_400_000);
    expect(parseSquashAfter('90m')).toBe(5_400_000);
    expect(parseSquashAfter('never')).toBe(0);
    expect(parseSquashAfter('')).toBe(86_400_000);
    expect(() => parseSquashAfter('daily')).toThrow(
      '`history-squash` is "daily"; it must be a duration of at least 1h such as `24h` or `7d`, or `never`.',
    );
    // A squash force-moves the branch: not every few minutes.
    expect(() => parseSquashAfter('5m')).toThrow(/at least 1h/);
  });
});
