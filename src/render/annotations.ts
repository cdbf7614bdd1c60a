import { hintFor } from '../evaluate/troubleshooting.js';
import { isVerdictWarning } from '../formats/verdict-warnings.js';
import type { RunResult } from '../model/run-result.js';
import type { HealthStatus, ServiceHealth } from '../model/types.js';
import { formatDuration, untrusted } from '../util/text.js';
import { reasonHint, reasonTitle } from './labels.js';
import { problemsOf } from './problems.js';
import { redactText, secretsToRedact } from './redact.js';
import { type RunView, viewOf } from './run-view.js';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

/** GitHub keeps at most 50 annotations per step (and shows 10 of each level): the important ones go first. */
export const MAX_ANNOTATIONS = 50;
const TITLE_MAX = 100;
const MESSAGE_MAX = 1000;

const levelRank: Record<Annotation['level'], number> = { error: 0, warning: 1, notice: 2 };

const levelOf: Record<HealthStatus, Annotation['level']> = {
  unhealthy: 'error',
  degraded: 'warning',
  healthy: 'notice',
};

/**
 * Workflow annotations for what went wrong: the reason the run stopped, findings that hurt the verdict
 * (triggered rules and failed checklist items among them), failing and warning services, how the verdict was
 * read from a questionable answer (code and body disagree, no health document), and info rules that fired as
 * notices. Errors first; within a level, the verdict's causes before the services.
 */
export function annotationsFor(run: RunResult): Annotation[] {
  const view = viewOf(run);
  const blamed = view.services.filter((s) => s.status !== 'pass');
  const candidates: Annotation[] = [
    ...stopAnnotation(view),
    ...problemsOf(view)
      // The endpoint's own finding only repeats what the per-service annotations say in more detail.
      .filter((p) => !(p.subject.kind === 'endpoint' && blamed.length > 0))
      // A healthy problem is news only when a rule fired (an `info` rule); passes are not.
      .filter((p) => p.status !== 'healthy' || p.subject.kind === 'rule')
      .map((p): Annotation => ({ level: levelOf[p.status], title: p.title, message: p.message })),
    ...blamed.map((s) => serviceAnnotation(view, s)),
    // The product's rule "take the worse, warn": how the verdict was read from a questionable answer is news.
    ...(view.document?.warnings ?? [])
      .filter(isVerdictWarning)
      .map((warning): Annotation => ({ level: 'warning', title: 'Health answer', message: warning })),
  ];
  if (candidates.length === 0 && view.run.verdict.status !== 'healthy') {
    candidates.push({
      level: run.gateFailed ? 'error' : 'warning',
      title: reasonTitle[view.run.verdict.reason],
      message: view.run.verdict.message,
    });
  }

  const secrets = secretsToRedact(run);
  const seen = new Set<string>();
  const annotations = candidates
    .map((a) => ({
      level: a.level,
      title: untrusted(redactText(a.title, secrets), TITLE_MAX),
      message: untrusted(redactText(a.message, secrets), MESSAGE_MAX),
    }))
    .filter((a) => {
      const key = `${a.level}\n${a.title}\n${a.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => levelRank[a.level] - levelRank[b.level]);

  if (annotations.length <= MAX_ANNOTATIONS) return annotations;
  const kept = annotations.slice(0, MAX_ANNOTATIONS - 1);
  kept.push({
    level: 'notice',
    title: 'More problems',
    message: `${annotations.length - kept.length} more problems are not annotated; the job summary and the JSON report list them all.`,
  });
  return kept;
}

function stopAnnotation(view: RunView): Annotation[] {
  const { stop } = view;
  if (!stop) return [];
  return [
    {
      level: stop.reason === 'cancelled' ? 'warning' : 'error',
      title: reasonTitle[stop.reason],
      message: stopMessage(view),
    },
  ];
}

/**
 * Why the run stopped, what to do, and the inspector link: one sentence set for the workflow annotation and
 * the check-run annotation alike.
 */
export function stopMessage(view: RunView): string {
  const { stop, deployment, run } = view;
  if (!stop) return '';
  const hint = reasonHint(stop.reason, run.settings.healthPath, view.document !== undefined);
  const parts = [stop.message];
  if (hint && !stop.message.includes(hint)) parts.push(hint);
  if (deployment.inspectorUrl) parts.push(`Vercel inspector: ${deployment.inspectorUrl}`);
  return parts.join(' ');
}

function serviceAnnotation(view: RunView, service: ServiceHealth): Annotation {
  return {
    // A failing service in a deployment that is only degraded overall does not fail anything: a warning.
    level: service.status === 'fail' && view.run.verdict.status === 'unhealthy' ? 'error' : 'warning',
    ...serviceProblemText(view, service),
  };
}

/** Title and message for a failing or warning service, shared by workflow and check-run annotations. */
export function serviceProblemText(
  view: RunView,
  service: ServiceHealth,
): { title: string; message: string } {
  const failing = service.status === 'fail';
  const name = untrusted(service.name, 60);
  const time =
    typeof service.responseTimeMs === 'number' && Number.isFinite(service.responseTimeMs)
      ? ` after ${formatDuration(service.responseTimeMs)}`
      : '';
  const detail = service.detail ? `: ${service.detail}` : '';
  const where = view.probeUrl ? ` at ${view.probeUrl}` : '';
  const todo = hintFor(service) ?? "check this service's logs and configuration for this deployment";
  return {
    title: `Service ${failing ? 'failing' : 'degraded'}: ${name}`,
    message:
      `The health endpoint${where} reports ${name} (${service.key}) as ${service.status}${time}${detail}. ` +
      `What to do: ${todo}.`,
  };
}
