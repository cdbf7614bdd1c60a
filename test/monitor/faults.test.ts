import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';
import type { Mode, ModeOptions } from '../world/sample-app.js';
import { checked, monitorOnce } from './monitor-once.js';

// Bad input stops a run before any request; a bad target is one unhealthy sample, never a crashed run.

const world = useWorld({ afterEach: healthyAppLawfulApis });

describe('the monitor’s configuration errors', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    [
      'a line that is not a target',
      { targets: 'shop=https://shop.example.com\nplease watch the shop' },
      /^line 2 of `targets` \("please watch the shop"\) is not a URL/,
    ],
    [
      'a duplicate target name',
      { targets: 'shop=https://shop.example.com\n\nshop=https://shop-eu.example.com' },
      /^line 3 of `targets` names the target "shop" again; every target needs its own name/,
    ],
    [
      'an invalid history value',
      { targets: 'shop=https://shop.example.com', history: 'git:deployment-health-data' },
      /`history`/,
    ],
  ];

  it.each(cases)(
    '%s is an error naming the input and the line, before any request',
    async (_, given, message) => {
      const requests = () => [
        world.github.requests.length,
        world.app.requests.length,
        world.rollbar.itemData().length,
      ];
      const before = requests();
      const { outcome } = await monitorOnce(
        {
          targets: `app=${world.app.url}`,
          history: 'branch:deployment-health-data',
          incidents: 'issue',
          'github-token': world.githubToken,
          'rollbar-token': world.rollbar.token,
          'rollbar-endpoint': world.rollbar.url,
          ...given,
        },
        world.runnerEnv(),
      );
      expect(outcome.kind).toBe('invalid');
      const problems = outcome.kind === 'invalid' ? outcome.error.message : '';
      expect(
        problems.split('\n').some((line) => message.test(line.replace(/^\s*[-•]\s*/, ''))),
        problems,
      ).toBe(true);
      expect(requests()).toEqual(before);
    },
  );
});

describe('a target that misbehaves', () => {
  const cases: Array<[string, Mode, ModeOptions]> = [
    ['answers garbage', 'malformed', { malformed: 'invalid-json' }],
    ['hangs', 'hanging', {}],
    ['sends 50 MB', 'huge', { hugeBytes: 50 * 1024 * 1024 }],
  ];

  it.each(cases)(
    'that %s is one unhealthy sample, not a crashed run',
    async (_, mode, options) => {
      const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-faults-'));
      world.app.setMode(mode, options);
      const started = Date.now();
      const { outcome, logger } = await monitorOnce({
        samples: '1',
        'request-timeout': '2s',
        targets: `bad=${world.app.url}`,
        history: `dir:${dir}`,
        incidents: 'none',
      });
      const report = checked(outcome);
      const bad = report.targets.bad;
      expect(bad?.status).not.toBe('healthy');
      expect(bad?.confirmed).toBe('healthy'); // one failing run is not an outage yet
      const record = report.outcomes[0]?.check.record;
      // Every request of the run is a failed sample. (A hanging target is retried within the first-answer
      // wait, twice the request timeout but at least 10 s, so its run may record several timed-out tries.)
      expect(record?.samples.length).toBeGreaterThanOrEqual(1);
      expect(record?.samples.every((sample) => !sample.ok)).toBe(true);
      if (mode !== 'hanging') expect(record?.samples).toHaveLength(1);
      expect(report.summary).toContain('`bad`');
      // Nothing of the target's answer reaches the log in bulk.
      expect(logger.text().length).toBeLessThan(50_000);
      // The first answer is waited for twice the request timeout at least 10 s, never the gate's two minutes.
      expect(Date.now() - started).toBeLessThan(25_000);
    },
    40_000,
  );
});
