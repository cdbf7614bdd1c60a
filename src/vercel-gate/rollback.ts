import type { Reason } from '../model.js';
import type { RunResult } from '../run-result.js';
import { formatDuration, untrusted } from '../util/text.js';
import type { VercelGatePolicy } from './policy.js';
import { waitForProduction } from './production-wait.js';
import { describeRefusal, VercelRefused } from './refusal.js';
import type { VercelSession } from './session.js';
import type { VercelRollbackRecord } from './types.js';
import { expectOk, listReadyProduction, readDeployment, readProject } from './vercel-facts.js';
import { judgedDeployment, named, urlOf } from './words.js';

/**
 * Verdicts that say the deployment itself is broken. The others say the gate could not judge it (protection
 * it could not pass, a health path that does not exist, a setup error): rolling production back on those
 * would punish a working deployment for the gate's own configuration.
 */
const JUDGED: ReadonlySet<Reason> = new Set(['endpoint', 'rules', 'checklist', 'unreachable']);

/** Whether the verdict calls for a rollback at all (before asking Vercel anything); a note when moot. */
export function mayRollBack(run: RunResult): { go: boolean; note?: string | undefined } {
  if (!run.settings.rollbackOnUnhealthy || run.verdict.status !== 'unhealthy') return { go: false };
  const { reason } = run.verdict;
  if (reason === 'cancelled') return { go: false, note: 'Not rolled back: the run was cancelled.' };
  if (run.resolve?.kind !== 'ready') {
    return {
      go: false,
      note: 'Not rolled back: the deployment never became READY, so it never served production.',
    };
  }
  if (run.environment !== 'production' || run.resolve.deployment.environment !== 'production') {
    return {
      go: false,
      note: 'Not rolled back: this is a preview deployment; previews are never rolled back.',
    };
  }
  if (!JUDGED.has(reason)) {
    return {
      go: false,
      note:
        `Not rolled back: the verdict (${reason}) says the gate could not judge the deployment, not that it ` +
        "is broken. Fix the gate's setup, or roll back by hand if production is down.",
    };
  }
  return { go: true };
}

/**
 * Moves production back to the previous READY production deployment when the run's unhealthy deployment is
 * the one serving production, and waits, bounded, until Vercel serves the previous one again.
 */
export async function rollBack(
  session: VercelSession,
  policy: VercelGatePolicy,
  run: RunResult,
): Promise<{ record?: VercelRollbackRecord; note?: string }> {
  const target = judgedDeployment(run);
  if (!target) return { note: 'Not rolled back: the run does not know which deployment it judged.' };
  const bad = await readDeployment(session, 'rollback', target.idOrHost);
  if (!bad) {
    return {
      note: `Not rolled back: Vercel does not know ${untrusted(target.idOrHost, 120)} (a custom or local URL?).`,
    };
  }
  const who = named(bad.id, bad.host);
  if (bad.target !== 'production') {
    return { note: `Not rolled back: Vercel lists ${who} as a preview; previews are never rolled back.` };
  }
  const projectRef = bad.projectId ?? run.settings.vercel.project ?? bad.project;
  if (!projectRef)
    return { note: 'Not rolled back: Vercel did not say which project the deployment belongs to.' };
  const project = await readProject(session, 'rollback', projectRef);
  if (!project) {
    const what = `GET /v9/projects/${encodeURIComponent(projectRef)}`;
    throw new VercelRefused(404, describeRefusal('rollback', 404, undefined, what, run.settings.vercel.team));
  }
  const name = untrusted(project.name ?? project.id, 100);
  if (project.production?.id !== bad.id) {
    const serving = project.production
      ? named(project.production.id, project.production.url)
      : 'no deployment';
    return {
      note: `Not rolled back: ${who} is not live (production of ${name} serves ${serving}); nothing to undo.`,
    };
  }

  const base = { fromDeploymentId: bad.id, fromUrl: urlOf(bad.host), project: name };
  // Vercel rolls back only to deployments that have served production (never a staged one).
  const previous = (await listReadyProduction(session, project.id)).find(
    (d) => d.id !== bad.id && d.createdAt < bad.createdAt && d.readySubstate !== 'STAGED',
  );
  if (!previous) {
    return {
      record: {
        ...base,
        outcome: 'failed',
        message:
          `Production of ${name} serves the unhealthy ${who}, but Vercel lists no earlier READY production ` +
          'deployment that has served production to roll back to. Fix forward, or roll back by hand.',
        elapsedMs: 0,
      },
    };
  }

  const to = named(previous.id, previous.host);
  const record = { ...base, toDeploymentId: previous.id, toUrl: urlOf(previous.host) };
  const path = `/v1/projects/${encodeURIComponent(project.id)}/rollback/${encodeURIComponent(previous.id)}`;
  const runLink = run.context.runUrl ? ` — ${run.context.runUrl}` : '';
  const description = untrusted(
    `Deployment health gate: ${bad.id} is unhealthy (${run.verdict.reason})${runLink}`,
    250,
  );
  const startedAt = session.ctx.deps.clock.now();
  try {
    await expectOk(session, 'rollback', 'POST', path, { query: { description }, notFound: 'refuse' });
  } catch (error) {
    if (!(error instanceof VercelRefused)) throw error;
    return { record: { ...record, outcome: 'failed', message: error.message, elapsedMs: 0 } };
  }
  session.ctx.deps.logger.warning(
    `Rollback of production of ${name} to ${to} requested; waiting for Vercel…`,
  );
  const outcome = await waitForProduction(session, policy, project.id, previous.id, 'rollback');
  const elapsedMs = session.ctx.deps.clock.now() - startedAt;
  const took = formatDuration(elapsedMs);
  if (outcome.kind === 'done') {
    return {
      record: {
        ...record,
        outcome: 'rolled-back',
        message:
          `Rolled production of ${name} back from the unhealthy ${who} to ${to} (after ${took}). Vercel keeps ` +
          'production on it and assigns no new production deployment automatically until one is promoted ' +
          '(`vercel promote`) — fix forward, then promote.',
        elapsedMs,
      },
    };
  }
  if (outcome.kind === 'failed') {
    return {
      record: {
        ...record,
        outcome: 'failed',
        message:
          `Vercel accepted the rollback of ${name} to ${to} but reports it ${untrusted(outcome.jobStatus, 20)}; ` +
          `production may still serve the unhealthy ${who}. Roll back by hand in the Vercel dashboard now.`,
        elapsedMs,
      },
    };
  }
  const because = outcome.why ? ` (${outcome.why})` : '';
  return {
    record: {
      ...record,
      outcome: 'pending',
      message:
        `Vercel accepted the rollback of ${name} to ${to} but had not finished it after ${took}${because}; ` +
        `production may still serve the unhealthy ${who}. Check it in the Vercel dashboard (\`vercel rollback status\`).`,
      elapsedMs,
    },
  };
}
