import type { RunResult } from '../../model/run-result.js';
import type { HealthStatus } from '../../model/types.js';
import { formatDuration, untrusted } from '../../util/text.js';
import type { VercelGatePolicy } from './policy.js';
import { waitForProduction } from './production-wait.js';
import { describeRefusal, VercelRefused } from './refusal.js';
import type { VercelSession } from './session.js';
import { requestSwitch } from './switch-request.js';
import type { VercelPromotionRecord } from './types.js';
import { autoAssignPaused, readDeployment, readProject } from './vercel-facts.js';
import { judgedDeployment, named, urlOf } from './words.js';

export type PromotionGate =
  | { go: true; despite?: Exclude<HealthStatus, 'healthy'> | undefined }
  | { go: false; note?: string | undefined };

/**
 * Whether the run's verdict allows promoting its deployment at all (before asking Vercel anything): a READY
 * production deployment judged healthy — or, under `fail-on: never`, judged anything (said loudly).
 */
export function mayPromote(run: RunResult): PromotionGate {
  if (!run.settings.promote) return { go: false };
  const { status, reason } = run.verdict;
  if (reason === 'cancelled') return { go: false, note: 'Not promoted: the run was cancelled.' };
  if (run.resolve?.kind !== 'ready') {
    return { go: false, note: 'Not promoted: the deployment never became READY.' };
  }
  if (run.environment !== 'production' || run.resolve.deployment.environment !== 'production') {
    return {
      go: false,
      note: 'Not promoted: this is a preview deployment, and previews are never promoted.',
    };
  }
  if (status === 'healthy') return { go: true };
  if (run.settings.failOn === 'never') return { go: true, despite: status };
  return {
    go: false,
    note: `Not promoted: the deployment is ${status} (${reason}); only a healthy deployment is promoted.`,
  };
}

/**
 * Promotes the run's staged production deployment and waits, bounded, until Vercel serves it in production.
 * Returns the record of a promotion that was requested, or a note saying why none was.
 */
export async function promote(
  session: VercelSession,
  policy: VercelGatePolicy,
  run: RunResult,
  despite: Exclude<HealthStatus, 'healthy'> | undefined,
): Promise<{ record?: VercelPromotionRecord; note?: string }> {
  const target = judgedDeployment(run);
  if (!target) return { note: 'Not promoted: the run does not know which deployment it judged.' };
  const deployment = await readDeployment(session, 'promote', target.idOrHost);
  if (!deployment) {
    return {
      note: `Not promoted: Vercel does not know ${untrusted(target.idOrHost, 120)} (a custom or local URL?).`,
    };
  }
  const who = named(deployment.id, deployment.host);
  if (deployment.target !== 'production') {
    return { note: `Not promoted: Vercel lists ${who} as a preview, and previews are never promoted.` };
  }
  if (deployment.state !== 'READY') {
    return { note: `Not promoted: Vercel reports ${who} as ${untrusted(deployment.state, 20)}, not READY.` };
  }
  const projectRef = deployment.projectId ?? run.settings.vercel.project ?? deployment.project;
  if (!projectRef)
    return { note: 'Not promoted: Vercel did not say which project the deployment belongs to.' };
  const project = await readProject(session, 'promote', projectRef);
  if (!project) {
    const what = `GET /v9/projects/${encodeURIComponent(projectRef)}`;
    throw new VercelRefused(404, describeRefusal('promote', 404, undefined, what, run.settings.vercel.team));
  }
  const name = untrusted(project.name ?? project.id, 100);
  const live = project.production;
  if (live?.id === deployment.id) {
    return { note: `Nothing to promote: ${who} already serves production of ${name}.` };
  }
  if (deployment.readySubstate === 'PROMOTED' || deployment.readySubstate === 'ROLLING') {
    return {
      note:
        `Not promoted: ${who} has served production before (${untrusted(deployment.readySubstate, 20)}); ` +
        'the gate promotes staged deployments only. Promote it by hand if you mean to go back to it.',
    };
  }
  // After an Instant Rollback, Vercel assigns the production domains to no new production deployment until
  // one is promoted: a deployment built with automatic assignment then waits for a promotion like a staged one.
  const paused = autoAssignPaused(project);
  if (deployment.autoAssignCustomDomains === true && !paused) {
    return {
      note:
        `Not promoted: Vercel assigns the production domains to ${who} itself (automatic domain assignment ` +
        'is on, and no rollback has paused it). Deploy with `vercel deploy --prod --skip-domain` to let the ' +
        'gate decide.',
    };
  }
  if (live?.createdAt !== undefined && live.createdAt > deployment.createdAt) {
    return {
      note:
        `Not promoted: production of ${name} already serves ${named(live.id, live.url)}, which is newer ` +
        `than ${who}; promoting it would roll production back.`,
    };
  }

  const path = `/v10/projects/${encodeURIComponent(project.id)}/promote/${encodeURIComponent(deployment.id)}`;
  const startedAt = session.ctx.deps.clock.now();
  const base = {
    deploymentId: deployment.id,
    url: urlOf(deployment.host),
    project: name,
    despiteVerdict: despite,
    previousProductionId: live?.id,
  };
  const asked = await requestSwitch(session, policy, {
    kind: 'promote',
    projectId: project.id,
    targetId: deployment.id,
    path,
    before: project.lastAliasRequest,
  });
  if (asked.kind === 'refused' || asked.kind === 'failed') {
    return { record: { ...base, outcome: 'failed', message: asked.message, elapsedMs: 0 } };
  }
  if (asked.kind === 'unknown') {
    return {
      record: {
        ...base,
        outcome: 'pending',
        message:
          `${asked.message} Check production of ${name} in the Vercel dashboard (\`vercel promote status\`): ` +
          `it serves ${who} if Vercel took the promotion, else ${live ? named(live.id, live.url) : 'what it served'}.`,
        elapsedMs: session.ctx.deps.clock.now() - startedAt,
      },
    };
  }
  const readBack = asked.readBack ? ` (${asked.readBack})` : '';
  const unpaused = paused
    ? ' This also ends the pause Vercel put on automatic domain assignment after the last rollback.'
    : '';
  session.ctx.deps.logger.info(
    `Promotion of ${who} requested; waiting for Vercel to serve it in production…`,
  );
  const outcome = await waitForProduction(session, policy, project.id, deployment.id, 'promote');
  const elapsedMs = session.ctx.deps.clock.now() - startedAt;
  const took = formatDuration(elapsedMs);
  const was = live ? ` instead of ${named(live.id, live.url)}` : '';
  const forced = despite ? ` although it is ${despite} (\`fail-on: never\`)` : '';
  if (outcome.kind === 'done') {
    return {
      record: {
        ...base,
        outcome: 'promoted',
        message:
          `Promoted ${who} to production of ${name}${forced}: it serves production${was} (after ${took})` +
          `${readBack}.${unpaused}`,
        elapsedMs,
      },
    };
  }
  if (outcome.kind === 'failed') {
    return {
      record: {
        ...base,
        outcome: 'failed',
        message:
          `Vercel accepted the promotion of ${who} but reports it ${untrusted(outcome.jobStatus, 20)}; production ` +
          `of ${name} still serves ${live ? named(live.id, live.url) : 'what it served'}. Look at the ` +
          "project's deployments in the Vercel dashboard and promote by hand (`vercel promote`).",
        elapsedMs,
      },
    };
  }
  const because = outcome.why ? ` (${outcome.why})` : '';
  return {
    record: {
      ...base,
      outcome: 'pending',
      message:
        `Vercel accepted the promotion of ${who}${readBack} but had not finished it after ${took}${because}; it goes ` +
        `on without the gate. Check production of ${name} in the Vercel dashboard (\`vercel promote status\`).`,
      elapsedMs,
    },
  };
}
