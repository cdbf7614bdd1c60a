import type { Incident } from '../../history/types.js';
import type { Deps } from '../../model/deps.js';
import type { IncidentEvent, IncidentLinks, IncidentReporter } from '../../monitor/types.js';
import { reasonTitle } from '../../render/labels.js';
import { untrusted } from '../../util/text.js';
import { EXTRA_SCRUB_FIELDS } from '../rollbar/alert-delivery.js';
import type { AlertItem, RollbarLevel } from '../rollbar/alert-items.js';
import { sendAlertItems } from '../rollbar/item-sender.js';
import { RollbarTroubles } from '../rollbar/troubles.js';
import { defaultRollbarTuning, type RollbarTuning } from '../rollbar/tuning.js';
import { lastedFor } from './issue-text.js';

export interface RollbarIncidentReporterOptions {
  token: string;
  /** API base ending with `/` (`rollbar-endpoint`). */
  endpoint: string;
  /** `rollbar-environment` (the monitor's default is `production`). */
  environment: string;
  deps: Deps;
  /** Timeouts and budgets; tests shrink them. */
  tuning?: Partial<RollbarTuning> | undefined;
}

/**
 * Incidents in Rollbar: every notice of one incident (opened, updated, reminder) is an occurrence of ONE item,
 * grouped by a fingerprint of the target and the incident's start, at level error (unhealthy) or warning
 * (degraded); the recovery is an occurrence at level info. So an outage is one item that counts its notices,
 * not one item per run, and a later outage of the same target is an item of its own. Sent through the
 * gate's Rollbar item sender (the SDK, scrubbing, a bounded flush); trouble is a warning, once per kind.
 */
export function createRollbarIncidentReporter(options: RollbarIncidentReporterOptions): IncidentReporter {
  const { token, endpoint, environment, deps } = options;
  const tuning: RollbarTuning = { ...defaultRollbarTuning, ...options.tuning };
  const origin = new URL(endpoint).origin;
  const troubles = new RollbarTroubles(origin);

  return {
    name: 'rollbar',
    async report(event, links) {
      const what = `the Rollbar notice of ${untrusted(event.target, 60)}'s incident (${event.kind})`;
      const skip = troubles.reasonToSkip(deps.clock.now());
      if (skip) {
        troubles.record(skip, what, deps.clock.now());
        return event.incident;
      }
      const item = incidentItem(event, links);
      const [delivery] = await sendAlertItems([item], {
        token,
        endpoint,
        environment,
        codeVersion: event.record.sha ?? '',
        scrubFields: EXTRA_SCRUB_FIELDS,
        flushMs: deps.signal.aborted ? Math.min(tuning.flushMs, tuning.cancelledBudgetMs) : tuning.flushMs,
        deps,
      });
      const trouble = delivery?.trouble;
      if (trouble) {
        const first = !troubles.has(trouble.kind);
        troubles.record(trouble, what, deps.clock.now());
        // One warning per kind of trouble, as it happens: the monitor has no "end of run" for this reporter.
        if (first) {
          const alone = new RollbarTroubles(origin);
          alone.record(trouble, what, deps.clock.now());
          for (const warning of alone.warnings()) deps.logger.warning(warning);
        }
      } else {
        deps.logger.info(
          `Rollbar: ${event.kind} notice sent for the incident of ${untrusted(event.target, 60)}.`,
        );
      }
      return event.incident;
    },
  };
}

/** Every notice of the same incident groups into one Rollbar item; a new incident is a new item. */
export function incidentFingerprint(incident: Pick<Incident, 'target' | 'openedAt'>): string {
  return `deployment-health:${incident.target}:${incident.openedAt}`;
}

const levelOf = (event: IncidentEvent): RollbarLevel =>
  event.kind === 'resolved' ? 'info' : event.incident.status === 'unhealthy' ? 'error' : 'warning';

function incidentItem(event: IncidentEvent, links: IncidentLinks): AlertItem {
  const { incident, record } = event;
  const target = untrusted(incident.target, 60);
  const since = new Date(incident.openedAt).toISOString();
  return {
    ruleId: `incident:${incident.target}`,
    level: levelOf(event),
    fingerprint: incidentFingerprint(incident),
    // The same title on every occurrence, so the item reads as the incident whatever notice came last.
    title: `Deployment health incident: ${target} since ${since}`,
    message: messageOf(event),
    custom: {
      incident: {
        target: incident.target,
        state: incident.state,
        status: incident.status,
        reason: incident.reason,
        opened_at: since,
        resolved_at: incident.resolvedAt === undefined ? null : new Date(incident.resolvedAt).toISOString(),
        duration_ms: incident.resolvedAt === undefined ? null : incident.resolvedAt - incident.openedAt,
        issue_url: incident.issue?.url ?? null,
      },
      notice: event.kind,
      previous: event.previous ?? null,
      // `url` only nested: the SDK reads a top-level one as an HTTP request.
      run: {
        id: record.id,
        at: new Date(record.at).toISOString(),
        status: record.status,
        reason: record.reason,
        message: untrusted(record.message, 1000),
        target_url: record.url,
        deployment_id: record.deploymentId ?? null,
        sha: record.sha ?? null,
      },
      failing_services: record.services
        .filter((s) => s.status !== 'pass')
        .slice(0, 20)
        .map((s) => ({
          key: untrusted(s.key, 80),
          status: s.status,
          detail: untrusted(s.detail, 200) || null,
        })),
      findings: record.findings
        .slice(0, 20)
        .map((f) => ({ source: f.source, id: untrusted(f.id, 80), status: f.status })),
      run_url: links.runUrl ?? record.runUrl ?? null,
      dashboard_url: links.dashboardUrl ?? null,
    },
  };
}

function messageOf(event: IncidentEvent): string {
  const { incident, record } = event;
  const target = untrusted(incident.target, 60);
  const reason = reasonTitle[incident.reason].toLowerCase();
  const what = untrusted(record.message, 500);
  switch (event.kind) {
    case 'opened':
      return `${target} is ${incident.status}: ${reason}. ${what}`;
    case 'updated': {
      const from = event.previous ?? incident;
      return `${target} changed from ${from.status} (${reasonTitle[from.reason].toLowerCase()}) to ${incident.status} (${reason}). ${what}`;
    }
    case 'reminder':
      return `${target} is still ${incident.status} after ${lastedFor(record.at - incident.openedAt)}: ${reason}. ${what}`;
    case 'resolved':
      return `${target} is healthy again: resolved after ${lastedFor((incident.resolvedAt ?? record.at) - incident.openedAt)}.`;
  }
}
