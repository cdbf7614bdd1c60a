import type { RunResult } from '../../model/run-result.js';
import type { Finding } from '../../model/types.js';
import { formatDuration, untrusted } from '../../util/text.js';
import type { VercelGatePolicy } from './policy.js';
import { waitForProduction } from './production-wait.js';
import { describeRefusal, VercelRefused } from './refusal.js';
import { chooseRollbackTarget } from './rollback-target.js';
import type { VercelSession } from './session.js';
import { requestSwitch } from './switch-request.js';
import type { VercelRollbackRecord } from './types.js';
import { readDeployment, readProject, sameAliasRequest } from './vercel-facts.js';
import { judgedDeployment, named, urlOf } from './words.js';

/** Whether the run holds the deployment's own evidence that it is broken, and in words why (or why not). */
export type DeploymentEvidence = { broken: boolean; why: string };

/**
 * Only the deployment's own word rolls production back: its health document reporting unhealthy (a valid
 * body, whatever the HTTP code), HTTP 5xx answers from it, a critical rule computed from those, a checklist
 * item that got a real answer showing a failure (a 5xx, a wrong body, a variable Vercel confirmed missing).
 * Never the gate's inability to judge: a rate limit, a refused credential, a format it was told to expect, a
 * timeout, a lookup Vercel refused, a setup mistake — those findings carry `blame: 'gate'` (see `Blame`).
 */
export function deploymentEvidence(run: RunResult): DeploymentEvidence {
  const probe = run.probe;
  if (probe?.kind === 'failed') {
    const said = untrusted(probe.message, 300).replace(/[.\s]+$/, '');
    return probe.blame === 'deployment'
      ? { broken: true, why: `the health endpoint itself kept failing: ${said}` }
      : {
          broken: false,
          why: `the health endpoint gave no answer the gate could judge (${probe.reason}): ${said}`,
        };
  }
  const unhealthy = run.verdict.findings.filter((f) => f.status === 'unhealthy');
  const own = unhealthy.filter((f) => f.blame === 'deployment');
  if (own.length > 0) return { broken: true, why: listFindings(own) };
  if (unhealthy.length > 0) {
    return {
      broken: false,
      why:
        "the unhealthy findings say the gate could not judge the deployment, not that the deployment's own " +
        `answers show it broken: ${listFindings(unhealthy)}`,
    };
  }
  return {
    broken: false,
    why: `the verdict (${run.verdict.reason}) rests on no answer from the deployment itself`,
  };
}

/** The first finding with its message, the others by title. Remote parts escaped. */
function listFindings(findings: Finding[]): string {
  const [first, ...rest] = findings;
  if (!first) return '';
  const head = `${untrusted(first.title, 100)} (${untrusted(first.message, 240).replace(/[.\s]+$/, '')})`;
  const more = rest.map((f) => untrusted(f.title, 100));
  return [head, ...more].join('; ');
}

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
  const evidence = deploymentEvidence(run);
  if (!evidence.broken) {
    return {
      go: false,
      note:
        `Not rolled back: ${evidence.why}. The gate's own failures and setup errors never roll production ` +
        "back: fix the gate's setup (the verdict says how), or roll back by hand if production is down.",
    };
  }
  return { go: true };
}

/**
 * Moves production back to the deployment that served it right before the run's unhealthy one (see
 * `chooseRollbackTarget`), when that one is live, and waits, bounded, until Vercel serves it again.
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

  const evidence = deploymentEvidence(run).why;
  const base = { fromDeploymentId: bad.id, fromUrl: urlOf(bad.host), project: name, evidence };
  const choice = await chooseRollbackTarget(session, project, bad);
  if (choice.kind === 'none') {
    return {
      record: {
        ...base,
        outcome: 'failed',
        message:
          `Production of ${name} serves the unhealthy ${who} (${evidence}), but the gate found no deployment ` +
          `to roll back to: ${choice.why} Fix forward, or roll back by hand.`,
        elapsedMs: 0,
      },
    };
  }
  const previous = choice.deployment;
  const to = named(previous.id, previous.host);
  const record = { ...base, toDeploymentId: previous.id, toUrl: urlOf(previous.host) };

  // Narrow the race with a deployment going live meanwhile (the target choice took requests of its own):
  // production must still be the judged one, moved by nobody since, right before the request.
  const now = await readProject(session, 'rollback', project.id);
  if (now?.production?.id !== bad.id) {
    const serving = now?.production ? named(now.production.id, now.production.url) : 'no deployment';
    return {
      note:
        `Not rolled back: production of ${name} changed while the gate chose where to roll back to (it serves ` +
        `${serving} now, not the unhealthy ${who}); the gate rolls back only what it judged. Re-run the job.`,
    };
  }
  if (!sameAliasRequest(now.lastAliasRequest, project.lastAliasRequest)) {
    return {
      note:
        `Not rolled back: someone promoted or rolled back production of ${name} while the gate chose where to ` +
        'roll back to, so its choice may be stale. Re-run the job.',
    };
  }

  const path = `/v1/projects/${encodeURIComponent(project.id)}/rollback/${encodeURIComponent(previous.id)}`;
  const runLink = run.context.runUrl ? ` — ${run.context.runUrl}` : '';
  const description = untrusted(
    `Deployment health gate: ${bad.id} is unhealthy (${run.verdict.reason})${runLink}`,
    250,
  );
  const startedAt = session.ctx.deps.clock.now();
  const asked = await requestSwitch(session, policy, {
    kind: 'rollback',
    projectId: project.id,
    targetId: previous.id,
    path,
    query: { description },
    before: now.lastAliasRequest,
  });
  if (asked.kind === 'refused' || asked.kind === 'failed') {
    return {
      record: {
        ...record,
        outcome: 'failed',
        message: `${asked.message} Production of ${name} still serves the unhealthy ${who}: roll back by hand to ${to}.`,
        elapsedMs: 0,
      },
    };
  }
  if (asked.kind === 'unknown') {
    return {
      record: {
        ...record,
        outcome: 'pending',
        message:
          `${asked.message} The gate was rolling production of ${name} back from the unhealthy ${who} to ${to}, ` +
          `${choice.how}. Check production in the Vercel dashboard (\`vercel rollback status\`).`,
        elapsedMs: session.ctx.deps.clock.now() - startedAt,
      },
    };
  }
  const readBack = asked.readBack ? ` (${asked.readBack})` : '';
  session.ctx.deps.logger.warning(
    `Rollback of production of ${name} to ${to} requested${readBack}; waiting for Vercel…`,
  );
  const outcome = await waitForProduction(session, policy, project.id, previous.id, 'rollback');
  const elapsedMs = session.ctx.deps.clock.now() - startedAt;
  const took = formatDuration(elapsedMs);
  if (outcome.kind === 'done') {
    // What Vercel says the rollback replaced: a deployment that went live in the last moment is named.
    const job = outcome.facts?.lastAliasRequest;
    const replaced =
      job?.type === 'rollback' && job.toDeploymentId === previous.id ? job.fromDeploymentId : undefined;
    const alsoUndone =
      replaced && replaced !== bad.id
        ? ` Vercel reports that the rollback replaced ${untrusted(replaced, 80)}, not ${untrusted(bad.id, 80)}: ` +
          'it went live between the check and the rollback and was rolled back unjudged; promote it if it is ' +
          'healthy.'
        : '';
    return {
      record: {
        ...record,
        outcome: 'rolled-back',
        message:
          `Rolled production of ${name} back from the unhealthy ${who} to ${to}, ${choice.how} (after ` +
          `${took})${readBack}. Why: ${evidence}.${alsoUndone} Vercel keeps production on it and assigns no new ` +
          'production deployment automatically until one is promoted (`vercel promote`, or the gate with ' +
          '`promote`) — fix forward, then promote.',
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
        `Vercel accepted the rollback of ${name} to ${to}${readBack} but had not finished it after ${took}${because}; ` +
        `production may still serve the unhealthy ${who}. Check it in the Vercel dashboard (\`vercel rollback status\`).`,
      elapsedMs,
    },
  };
}
