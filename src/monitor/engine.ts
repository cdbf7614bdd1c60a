import type { GateConfig } from '../config/types.js';
import type { DeploymentMarker, HistoryChange, Incident, RunRecord, TargetState } from '../history/types.js';
import type { Deps, Logger } from '../model/deps.js';
import { systemClock } from '../util/clock.js';
import { untrusted } from '../util/text.js';
import { Agent } from '../util/undici.js';
import { checkTarget, type TargetCheck } from './check-target.js';
import { RECENT_MS, readForRules, snapshotBaselines } from './history-reach.js';
import { advance } from './hysteresis.js';
import { type MonitorReport, monitorReport, type TargetOutcome } from './report.js';
import type { MonitorHost } from './run-monitor.js';
import { defaultServices } from './services.js';
import type { MonitorSettings } from './settings.js';
import type { MonitorTarget } from './targets.js';
import type { IncidentEvent } from './types.js';
import { vercelProductionTargets } from './vercel-targets.js';

/**
 * One monitor run once its inputs are good: the targets (Vercel's current production when `targets` is
 * empty) → the history's states and recent runs → every target checked side by side → each target's
 * confirmed state (hysteresis) → incidents told → one history change written → the report. The history and
 * the incident reporters only ever warn: the verdict, outputs and exit code stand whatever they do.
 */
export async function monitorEngine(
  host: MonitorHost,
  settings: MonitorSettings,
  config: GateConfig,
  given: MonitorTarget[],
): Promise<MonitorReport> {
  const warnings: string[] = [];
  const logger = collectingWarnings(host.logger, warnings);
  const dispatcher = new Agent({ connect: { timeout: settings.gate.requestTimeoutMs } });
  const deps: Deps = { clock: systemClock, logger, dispatcher, random: Math.random, signal: host.signal };
  const services = host.services ?? defaultServices;
  try {
    const startedAt = deps.clock.now();
    let targets = given;
    if (!targets.length) {
      const found = await vercelProductionTargets(settings.gate, deps);
      for (const problem of found.unresolved) {
        logger.warning(`Not checking ${problem.name} this run: ${problem.message}.`);
      }
      targets = found.targets;
    }
    const names = targets.map((t) => t.name);

    const store = await services.openStore(settings, host.context, deps);
    const read = await store.read({ targets: names, runsSince: startedAt - RECENT_MS });
    if (read.warning) logger.warning(`History (${store.describe}): ${read.warning}`);
    const { snapshot } = read;
    // What anomaly and baseline rules read besides (more files): apart, so that trouble reading it only skips
    // those rules, and never costs the run its confirmed states and incidents.
    const rules = await readForRules(store, config, names, startedAt, snapshot, read.warning);
    if (rules.warning)
      logger.warning(`History (${store.describe}), for anomaly and baseline rules: ${rules.warning}`);

    logger.info(`Checking ${targets.length} target${targets.length === 1 ? '' : 's'}: ${names.join(', ')}`);
    const checks: TargetCheck[] = await Promise.all(
      targets.map((target) =>
        checkTarget({
          target,
          settings,
          config,
          context: host.context,
          deps,
          recent: snapshot.runs[target.name] ?? [],
          forRules: {
            records: rules.snapshot.runs[target.name] ?? [],
            hourly: rules.snapshot.hourly[target.name] ?? [],
            problem: rules.warning,
          },
          baselines: snapshotBaselines(rules.snapshot, target.name, rules.warning),
          runId: host.runId,
        }),
      ),
    );

    const thresholds = {
      failureThreshold: settings.failureThreshold,
      successThreshold: settings.successThreshold,
      reminderIntervalMs: settings.reminderIntervalMs,
    };
    const reporters = checks.length ? await services.reporters(settings, host.context, deps) : [];
    // The dashboard (loaded only when written): its files for the history's root, each target's page for links.
    const site =
      settings.dashboard || settings.dashboardDir !== undefined
        ? (await import('../dashboard/monitor-site.js')).monitorSite(settings, host.context, host.dashboard)
        : undefined;
    const links = (target: string) => ({
      runUrl: host.context.runUrl || undefined,
      dashboardUrl: site?.targetUrl(target),
    });
    const outcomes: TargetOutcome[] = [];
    const markers: DeploymentMarker[] = [];
    const incidents: Incident[] = [];
    for (const check of checks) {
      const { record } = check;
      const prev = snapshot.states[record.target];
      const step = advance(prev, record, thresholds);
      let state: TargetState = step.state;
      // The incident this run is about: the one its event told, else the one still open.
      let incident = state.incident;
      // Without the history, an incident event would be a guess (a duplicate of one already open): none is told.
      if (step.event && !read.warning) {
        incident = await tell(reporters, step.event, links(record.target), logger);
        state = { ...state, incident: incident.state === 'open' ? incident : undefined };
        incidents.push(incident);
      } else if (incident?.state === 'open' && !incident.issue && !read.warning) {
        // The issue could not be opened with the incident (GitHub was down, or refused): open it now rather than
        // a reminder interval later. Only GitHub is asked again; Rollbar has its item already.
        const github = reporters.filter((reporter) => reporter.name === 'github-issues');
        if (github.length) {
          const retried = { kind: 'opened' as const, target: record.target, incident, record };
          incident = await tell(github, retried, links(record.target), logger);
          state = { ...state, incident };
          if (incident.issue) incidents.push(incident);
        }
      }
      const marker = deploymentMarker(record, snapshot.runs[record.target] ?? [], prev);
      if (marker) markers.push(marker);
      outcomes.push({ check, state, event: step.event, incident });
    }

    // A history that could not be read gave every target a fresh baseline: its samples are worth keeping, but
    // its states and incidents would overwrite the real ones (an open incident forgotten, a second one opened).
    const change: HistoryChange = {
      at: deps.clock.now(),
      records: checks.map((c) => c.record),
      states: read.warning ? [] : outcomes.map((o) => o.state),
      markers,
      incidents: read.warning ? [] : incidents,
      site: site?.files,
    };
    const written = await store.write(change);
    if (written.warning) logger.warning(`History (${store.describe}): ${written.warning}`);
    else if (store.describe !== 'none') {
      logger.info(
        `History written to ${store.describe}${written.commit ? ` (commit ${written.commit.slice(0, 7)})` : ''}` +
          `${written.retries ? ` after ${written.retries} merge${written.retries === 1 ? '' : 's'} with another run` : ''}.`,
      );
    }
    const dirWarning = await site?.writeDir(deps, deps.clock.now());
    if (dirWarning) logger.warning(dirWarning);
    return monitorReport({
      settings,
      config,
      outcomes,
      incidents,
      historyCommit: written.commit,
      history: store.describe,
      warnings,
      startedAt,
      finishedAt: deps.clock.now(),
      context: host.context,
    });
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** Each reporter in turn (GitHub first fills in the issue; Rollbar then links it); never throws. */
async function tell(
  reporters: readonly { name: string; report: (e: IncidentEvent, l: object) => Promise<Incident> }[],
  event: IncidentEvent,
  links: { runUrl?: string | undefined; dashboardUrl?: string | undefined },
  logger: Logger,
): Promise<Incident> {
  let incident = event.incident;
  for (const reporter of reporters) {
    try {
      incident = await reporter.report({ ...event, incident }, links);
    } catch (error) {
      // Reporters never throw by contract; should one, the verdict must still stand.
      logger.warning(
        `Could not tell the incident of ${untrusted(event.target, 60)} to ${reporter.name}: ${untrusted((error as Error).message, 300)}`,
      );
    }
  }
  return incident;
}

/**
 * A deployment marker when the target's deployment differs from the one the last recorded run saw (a
 * promotion, a rollback, a new production deployment), or on the first run ever that knows its deployment.
 */
export function deploymentMarker(
  record: RunRecord,
  recent: readonly RunRecord[],
  prev: TargetState | undefined,
): DeploymentMarker | undefined {
  if (!record.deploymentId) return undefined;
  const last = [...recent].reverse().find((r) => r.deploymentId !== undefined);
  if (last ? last.deploymentId === record.deploymentId : prev !== undefined) return undefined;
  return {
    at: record.at,
    target: record.target,
    deploymentId: record.deploymentId,
    sha: record.sha,
    url: record.url,
    source: 'monitor',
    runUrl: record.runUrl,
  };
}

/** The host's logger, keeping each warning for the report (the job summary lists them). */
function collectingWarnings(logger: Logger, into: string[]): Logger {
  return {
    debug: (m) => logger.debug(m),
    info: (m) => logger.info(m),
    warning: (m) => {
      into.push(m);
      logger.warning(m);
    },
    error: (m) => logger.error(m),
  };
}
