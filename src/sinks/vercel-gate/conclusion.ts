import { requiredNotChecked } from '../../evaluate/checklist/item.js';
import type { ChecklistItemResult } from '../../evaluate/evaluation.js';
import type { RunResult } from '../../model/run-result.js';
import { untrusted } from '../../util/text.js';
import type { VercelCheckConclusion } from './types.js';

/**
 * The conclusions on which Vercel holds a deployment back (a check that `blocks` promotion or aliasing):
 * `failed` and `canceled`. Vercel's docs name only these two as blocking ("Anatomy of the Checks API":
 * a blocking check "returns a conclusion with a state value of canceled or failed"); `neutral`, `skipped`,
 * `succeeded` let the deployment through, and `timeout` is not documented as blocking, so the gate never
 * relies on it.
 */
const BLOCKING: ReadonlySet<VercelCheckConclusion> = new Set(['failed', 'canceled']);

export function blocksPromotion(conclusion: VercelCheckConclusion): boolean {
  return BLOCKING.has(conclusion);
}

/**
 * The Vercel check run's conclusion. One rule, which `promote` follows too (it never promotes what this
 * blocks): the check blocks every deployment the gate fails, and always an unhealthy one — whatever
 * `fail-on` says, since `fail-on: never` is about the step's exit code, not about what reaches production.
 *
 * | verdict | `fail-on` | conclusion | blocks |
 * | --- | --- | --- | --- |
 * | healthy, every required checklist item checked | any | `succeeded` | no |
 * | healthy, a required item could not be checked | any | `failed` | yes |
 * | degraded | `unhealthy`, `never` | `neutral` | no |
 * | degraded | `degraded` | `failed` | yes |
 * | unhealthy (any reason, `wait-timeout` included) | any | `failed` | yes |
 * | cancelled: no verdict | any | `canceled` | yes |
 */
export function vercelConclusion(run: RunResult): VercelCheckConclusion {
  const { reason, status } = run.verdict;
  if (reason === 'cancelled') return 'canceled';
  if (blockedByVerdict(run) || notFullyChecked(run).length > 0) return 'failed';
  return status === 'healthy' ? 'succeeded' : 'neutral';
}

/** A verdict the check blocks on its own: one the gate fails, or unhealthy. */
function blockedByVerdict(run: RunResult): boolean {
  return run.gateFailed || run.verdict.status === 'unhealthy';
}

/** The required checklist items the run could not check (Vercel did not answer): empty when all were. */
export function notFullyChecked(run: RunResult): ChecklistItemResult[] {
  return requiredNotChecked(run.evaluation.checklist);
}

/**
 * Why the Vercel check blocks this run's deployment, as the note of a promotion that is therefore refused;
 * undefined when it does not block.
 */
export function promotionBlocked(run: RunResult): string | undefined {
  const conclusion = vercelConclusion(run);
  if (!blocksPromotion(conclusion)) return undefined;
  const { status, reason } = run.verdict;
  if (reason === 'cancelled') return 'Not promoted: the run was cancelled.';
  if (!blockedByVerdict(run)) {
    return (
      `Not promoted: ${uncheckedText(notFullyChecked(run))}, so the deployment is not fully checked; only a ` +
      'deployment whose required checklist items were all checked is promoted. Re-run the job once the ' +
      'Vercel API answers.'
    );
  }
  const never =
    run.settings.failOn === 'never'
      ? ' `fail-on: never` keeps the step green, but an unhealthy deployment is never promoted.'
      : '';
  return (
    `Not promoted: the deployment is ${status} (${reason}), which the Vercel check blocks (\`${conclusion}\`).` +
    never
  );
}

/** "the required checklist item `vercel_env` (Environment variables on Vercel) could not be checked (…)". */
function uncheckedText(items: ChecklistItemResult[]): string {
  const each = items.map(
    (item) => `\`${untrusted(item.id, 60)}\` (${untrusted(item.name, 80)}: ${untrusted(item.detail, 200)})`,
  );
  return items.length === 1
    ? `the required checklist item ${each[0]} could not be checked`
    : `the required checklist items ${each.join(', ')} could not be checked`;
}

/** Vercel shows this beside the conclusion: short, one line. */
const MAX_TEXT = 200;

/**
 * The verdict in a line: "Unhealthy (endpoint): The health endpoint reports unhealthy: …"; for a healthy
 * deployment that was not fully checked, says so first.
 */
export function conclusionText(run: RunResult): string {
  const { status, reason, message } = run.verdict;
  const head = `${status[0]?.toUpperCase()}${status.slice(1)}${reason === 'ok' ? '' : ` (${reason})`}`;
  const unchecked = reason === 'cancelled' || blockedByVerdict(run) ? [] : notFullyChecked(run);
  if (unchecked.length > 0) {
    const ids = unchecked.map((item) => untrusted(item.id, 60)).join(', ');
    return untrusted(
      `${head}, not fully checked: required checklist item ${ids} could not be checked (${unchecked[0]?.detail ?? ''})`,
      MAX_TEXT,
    );
  }
  return untrusted(`${head}: ${message}`, MAX_TEXT);
}
