import { describe, expect, it, onTestFinished } from 'vitest';
import type { RunRecord, TargetState } from '../../../src/history/types.js';
import { advance } from '../../../src/monitor/hysteresis.js';
import type { IncidentEvent, Thresholds } from '../../../src/monitor/types.js';
import {
  createRollbarIncidentReporter,
  incidentFingerprint,
} from '../../../src/sinks/incidents/rollbar-incidents.js';
import { depsForTest } from '../../support/per-test.js';
import { type RollbarSim, startRollbarApi } from '../../world/rollbar-api.js';
import { FAST } from '../rollbar/harness.js';
import { HOUR, MINUTE, RUN_URL, record, T0 } from './records.js';

const THRESHOLDS: Thresholds = { failureThreshold: 2, successThreshold: 2, reminderIntervalMs: HOUR };

async function rollbarForTest(): Promise<RollbarSim> {
  const sim = await startRollbarApi();
  onTestFinished(() => sim.close());
  return sim;
}

function reporterFor(sim: RollbarSim, token = sim.token) {
  const deps = depsForTest();
  const reporter = createRollbarIncidentReporter({
    token,
    endpoint: sim.url,
    environment: 'production',
    deps,
    tuning: FAST,
  });
  return { reporter, logger: deps.logger };
}

/** The events the hysteresis makes of these records, each reported. */
async function play(records: RunRecord[], report: ReturnType<typeof reporterFor>['reporter']) {
  let state: TargetState | undefined;
  const events: IncidentEvent[] = [];
  for (const r of records) {
    const next = advance(state, r, THRESHOLDS);
    state = next.state;
    if (!next.event) continue;
    events.push(next.event);
    await report.report(next.event, { runUrl: RUN_URL });
  }
  return events;
}

const at = (minutes: number) => T0 + minutes * MINUTE;

describe('Rollbar incidents', () => {
  it('groups every notice of one incident under one fingerprint, and sends the recovery at info', async () => {
    const sim = await rollbarForTest();
    const { reporter, logger } = reporterFor(sim);
    const events = await play(
      [
        record('healthy', at(0)),
        record('unhealthy', at(5)),
        record('unhealthy', at(10)),
        record('unhealthy', at(15)),
        record('degraded', at(20), { reason: 'rules' }),
        record('degraded', at(25), { reason: 'rules' }),
        record('degraded', at(85), { reason: 'rules' }),
        record('healthy', at(90)),
        record('healthy', at(95)),
      ],
      reporter,
    );
    expect(events.map((e) => e.kind)).toEqual(['opened', 'updated', 'reminder', 'resolved']);

    const items = sim.itemData();
    expect(items).toHaveLength(4);
    const fingerprint = `deployment-health:shop:${at(10)}`;
    expect(items.map((d) => d.fingerprint)).toEqual(Array(4).fill(fingerprint));
    expect(items.map((d) => d.level)).toEqual(['error', 'warning', 'warning', 'info']);
    expect(new Set(items.map((d) => d.title))).toEqual(
      new Set([`Deployment health incident: shop since ${new Date(at(10)).toISOString()}`]),
    );
    expect(items.map((d) => d.environment)).toEqual(Array(4).fill('production'));
    const bodies = items.map((d) => JSON.stringify(d.body));
    expect(bodies[0]).toContain('shop is unhealthy: health endpoint reports a problem.');
    expect(bodies[1]).toContain(
      'shop changed from unhealthy (health endpoint reports a problem) to degraded',
    );
    expect(bodies[2]).toContain('shop is still degraded after 1 h 15 min');
    expect(bodies[3]).toContain('shop is healthy again: resolved after 1 h 25 min.');
    const custom = items[3]?.custom as Record<string, unknown>;
    expect(custom).toMatchObject({
      notice: 'resolved',
      incident: { target: 'shop', state: 'resolved', duration_ms: 85 * MINUTE },
      run_url: RUN_URL,
    });
    // Nothing the SDK would read as an HTTP request at the top of the occurrence.
    for (const d of items) expect(d).not.toHaveProperty('url');
    expect(logger.warnings()).toEqual([]);
  });

  it('a later outage of the same target is an item of its own; healthy runs send nothing', async () => {
    const sim = await rollbarForTest();
    const { reporter } = reporterFor(sim);
    await play(
      [0, 5, 10, 15, 20, 25, 30, 35].map((m, i) =>
        record(
          ['healthy', 'unhealthy', 'unhealthy', 'healthy', 'healthy', 'unhealthy', 'unhealthy', 'healthy'][
            i
          ] as 'healthy',
          at(m),
        ),
      ),
      reporter,
    );
    const fingerprints = sim.itemData().map((d) => d.fingerprint);
    expect(fingerprints).toEqual([
      incidentFingerprint({ target: 'shop', openedAt: at(10) }),
      incidentFingerprint({ target: 'shop', openedAt: at(10) }),
      incidentFingerprint({ target: 'shop', openedAt: at(30) }),
    ]);
  });

  it('a refused token is one warning, the incident comes back unchanged, and no further call is made', async () => {
    const sim = await rollbarForTest();
    const { reporter, logger } = reporterFor(sim, 'wrong-token');
    const events = await play(
      [
        record('unhealthy', at(0)),
        record('unhealthy', at(5)),
        record('healthy', at(10)),
        record('healthy', at(15)),
      ],
      reporter,
    );
    expect(events.map((e) => e.kind)).toEqual(['opened', 'resolved']);
    expect(sim.items).toEqual([]);
    expect(sim.requests.filter((r) => r.path === '/api/1/item/')).toHaveLength(1);
    const warnings = logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Rollbar refused the token .*`post_server_item`/);
    expect(warnings[0]).toContain("the Rollbar notice of shop's incident (opened)");
    const event = events[0];
    if (!event) throw new Error('no event');
    expect(await reporter.report(event, {})).toBe(event.incident);
  });
});
