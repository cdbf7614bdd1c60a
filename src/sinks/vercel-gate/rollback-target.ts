import { untrusted } from '../../util/text.js';
import type { VercelSession } from './session.js';
import {
  type DeploymentFacts,
  type ProjectFacts,
  readDeployment,
  readyProductionPage,
} from './vercel-facts.js';
import { named } from './words.js';

/** Where production goes back to, and why that one; or why the gate will not choose. */
export type RollbackTarget =
  | {
      kind: 'found';
      deployment: DeploymentFacts;
      /** How Vercel's data says it served production right before the unhealthy one ("which served …"). */
      how: string;
    }
  | { kind: 'none'; why: string };

/** Pages of READY production deployments the gate reads at most (100 each). */
const MAX_PAGES = 10;

/**
 * The longest a Vercel build runs (45 minutes): a deployment created earlier than this before another became
 * READY cannot have become READY after it.
 */
const MAX_BUILD_MS = 45 * 60_000;

/**
 * The deployment that served production right before `bad`, from what Vercel records:
 *
 * - `bad` came to production by a promotion (the project's `lastAliasRequest` is that promotion): the
 *   deployment it replaced, `fromDeploymentId`.
 * - `bad` came to production by a rollback (someone rolled back *to* it): none — what served before it was
 *   rolled back away from, and anything older is not "right before".
 * - `bad` came to production by automatic assignment (no promotion or rollback names it): the deployment
 *   that became READY last before it among those that have served production (`readySubstate: PROMOTED`) —
 *   but not before the project's last promotion or rollback (that one's target served production from then
 *   on), and never the deployment a rollback moved production away from. Pages back through the list.
 *
 * Vercel keeps only the latest promotion or rollback; with automatic assignment, everything before it is
 * history the gate does not need: production was moved by hand then, and served by automatic assignment
 * after.
 */
export async function chooseRollbackTarget(
  session: VercelSession,
  project: ProjectFacts,
  bad: DeploymentFacts,
): Promise<RollbackTarget> {
  const who = named(bad.id, bad.host);
  const job = project.lastAliasRequest;
  if (job && job.toDeploymentId === bad.id) {
    if (job.type === 'rollback') {
      const from = job.fromDeploymentId ? ` from ${untrusted(job.fromDeploymentId, 80)}` : '';
      return {
        kind: 'none',
        why:
          `${who} serves production because it was rolled back to${from}; the deployment before it was rolled ` +
          'back away from, so the gate does not choose one. Roll back by hand to a deployment you trust.',
      };
    }
    if (!job.fromDeploymentId) {
      return {
        kind: 'none',
        why: `${who} was promoted when no deployment served production; there is nothing to roll back to.`,
      };
    }
    const before = await readDeployment(session, 'rollback', job.fromDeploymentId);
    if (before?.state !== 'READY') {
      const state = before ? ` (it is ${untrusted(before.state, 20)})` : ' (Vercel no longer knows it)';
      return {
        kind: 'none',
        why:
          `${who} was promoted in place of ${untrusted(job.fromDeploymentId, 80)}, which cannot serve ` +
          `production again${state}.`,
      };
    }
    return {
      kind: 'found',
      deployment: before,
      how: `which served production until ${untrusted(bad.id, 80)} was promoted in its place (Vercel's record of that promotion)`,
    };
  }

  // Automatic assignment. The last promotion or rollback (if any) is where the hand-made history ends.
  const anchor = job?.jobStatus === 'succeeded' ? job : undefined;
  if (anchor?.type === 'rollback') {
    // After a rollback Vercel assigns nothing automatically until a promotion: this state is not one the
    // gate can explain, so it does not guess.
    return {
      kind: 'none',
      why:
        `Vercel's last record for the project is a rollback to ${untrusted(anchor.toDeploymentId, 80)}, which ` +
        `does not say how ${who} came to serve production; roll back by hand.`,
    };
  }
  const rolledBackFrom = job?.type === 'rollback' ? job.fromDeploymentId : undefined;
  const badReady = bad.readyAt ?? bad.createdAt;
  const since = anchor?.requestedAt;
  let best: DeploymentFacts | undefined;
  let until: number | undefined;
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const { deployments, next } = await readyProductionPage(session, project.id, until);
    let fresh = 0;
    for (const d of deployments) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      fresh++;
      if (d.id === bad.id || d.id === rolledBackFrom || d.readySubstate !== 'PROMOTED') continue;
      const readyAt = d.readyAt ?? d.createdAt;
      if (readyAt >= badReady || (since !== undefined && readyAt <= since)) continue;
      if (!best || readyAt > (best.readyAt ?? best.createdAt)) best = d;
    }
    const oldest = deployments.at(-1)?.createdAt;
    // Nothing older can have become READY after `floor`: the newest candidate so far, or the anchor.
    const floor = Math.max(best ? (best.readyAt ?? best.createdAt) : -Infinity, since ?? -Infinity);
    if (next === undefined || fresh === 0 || oldest === undefined || oldest < floor - MAX_BUILD_MS) break;
    until = next;
  }
  if (best) {
    return {
      kind: 'found',
      deployment: best,
      how:
        `which served production until ${untrusted(bad.id, 80)} became READY and took over by automatic ` +
        'assignment (the last READY production deployment before it that served production)',
    };
  }
  if (anchor && anchor.toDeploymentId !== rolledBackFrom) {
    const promoted = await readDeployment(session, 'rollback', anchor.toDeploymentId);
    if (promoted && promoted.state === 'READY') {
      return {
        kind: 'found',
        deployment: promoted,
        how:
          `which was promoted to production and served it until ${untrusted(bad.id, 80)} took over by ` +
          'automatic assignment',
      };
    }
  }
  return {
    kind: 'none',
    why:
      `Vercel lists no READY production deployment that served production before ${who}` +
      (seen.size >= MAX_PAGES * 100 ? ` among the newest ${seen.size}` : ''),
  };
}
