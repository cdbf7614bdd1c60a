import { asString, get } from '../../clients/untyped.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import type { Settings } from '../../settings/settings.js';
import { untrusted } from '../../util/text.js';
import { conclusionText, vercelConclusion } from './conclusion.js';
import type { VercelGatePolicy } from './policy.js';
import { VercelRefused } from './refusal.js';
import { inSession, type SessionResult, VercelSession } from './session.js';
import { checkRunExternalId, VERCEL_STATE } from './state.js';
import type { VercelCheckRecord } from './types.js';
import { expectOk, readDeployment } from './vercel-facts.js';
import type { DeploymentRef } from './words.js';

/** The deployment whose check run carries the verdict: its id (or host) and, when known, its project. */
export type CheckTarget = DeploymentRef;

interface Located {
  deploymentId: string;
  checkId: string;
  runId: string;
}

/**
 * The deployment's run of the `vercel-check` project check (Vercel Checks v2): found, or created when the
 * project has not made one yet, set `running` when the deployment is READY, completed with the verdict.
 * A refusal (400/403: wrong kind of token, missing access) is said once and ends all further check calls;
 * nothing here changes the verdict. What the post step needs to finish a run a kill left open is saved as it
 * happens (`VERCEL_STATE`): the deployment and check before a run is created, the run once known, the
 * conclusion before the completing write, and `completed` only once Vercel accepted it.
 */
export class VercelCheckRun {
  readonly record: VercelCheckRecord;
  private located: Located | undefined;
  /** Set after a refusal: the one message, and no more calls. */
  private refusal: string | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly context: RunContext,
    private readonly deps: Deps,
    private readonly policy: VercelGatePolicy,
    private readonly sha: string,
    private readonly saveState: (name: string, value: string) => void = () => undefined,
  ) {
    this.record = { check: settings.vercelCheck ?? '' };
  }

  /** At READY. Returns a problem to report, or undefined. */
  async start(target: CheckTarget): Promise<string | undefined> {
    const session = new VercelSession(this.settings, this.deps, this.policy, {
      budgetMs: this.policy.checkBudgetMs,
      sha: this.sha,
    });
    const done = await inSession(
      session,
      `starting the Vercel check run of "${untrusted(this.record.check, 100)}"`,
      async (s) => {
        const located = await this.locate(s, target);
        const externalUrl = this.context.runUrl || undefined;
        await this.update(s, located, {
          status: 'running',
          externalId: checkRunExternalId(this.context),
          ...(externalUrl ? { externalUrl } : {}),
        });
        this.deps.logger.info(
          `Vercel check "${untrusted(this.record.check, 100)}" is running on ${located.deploymentId}.`,
        );
      },
    );
    return this.problemOf(done);
  }

  /** With the verdict; `target` when `start` never ran (the deployment was not READY). */
  async complete(
    run: RunResult,
    externalUrl: string | undefined,
    target?: CheckTarget,
  ): Promise<string | undefined> {
    if (this.refusal) return undefined;
    const conclusion = vercelConclusion(run);
    const text = conclusionText(run);
    const session = new VercelSession(this.settings, this.deps, this.policy, {
      budgetMs: this.policy.checkBudgetMs,
      sha: this.sha,
      evenIfCancelled: true,
    });
    const done = await inSession(
      session,
      `completing the Vercel check run of "${untrusted(this.record.check, 100)}"`,
      async (s) => {
        const located = this.located ?? (target ? await this.locate(s, target) : undefined);
        if (!located) return;
        // Saved before the write: a write that fails or is killed leaves the post step the real verdict.
        this.saveState(VERCEL_STATE.conclusion, conclusion);
        this.saveState(VERCEL_STATE.conclusionText, text);
        if (externalUrl) this.saveState(VERCEL_STATE.externalUrl, externalUrl);
        await this.update(s, located, {
          status: 'completed',
          conclusion,
          conclusionText: text,
          ...(externalUrl ? { externalUrl } : {}),
        });
        this.saveState(VERCEL_STATE.completed, 'true');
        Object.assign(this.record, { conclusion, conclusionText: text, externalUrl });
      },
    );
    return this.problemOf(done);
  }

  /** A cancelled run says so once, in the verdict; only other trouble is a problem of the check. */
  private problemOf(done: SessionResult<void>): string | undefined {
    return done.ok || done.cancelled ? undefined : done.problem;
  }

  /** Finds the check and this deployment's run of it, creating the run when there is none open. */
  private async locate(session: VercelSession, target: CheckTarget): Promise<Located> {
    try {
      let deploymentId = target.idOrHost.startsWith('dpl_') ? target.idOrHost : undefined;
      let project = this.settings.vercel.project ?? target.project;
      if (!deploymentId || !project) {
        const facts = await readDeployment(session, 'check', target.idOrHost);
        if (!facts) {
          throw new VercelRefused(
            404,
            `Vercel does not know the deployment ${untrusted(target.idOrHost, 120)}, so it has no check runs; ` +
              '`vercel-check` works only for Vercel deployments (check `vercel-team` for a team project).',
          );
        }
        deploymentId = facts.id;
        project ??= facts.projectId ?? facts.project;
      }
      if (!project) {
        throw new VercelRefused(
          404,
          'Vercel did not say which project the deployment belongs to; set `vercel-project` for `vercel-check`.',
        );
      }
      const checkId = await this.findCheck(session, project);
      const runId = await this.findOrCreateRun(session, deploymentId, checkId);
      this.saveState(VERCEL_STATE.deploymentId, deploymentId);
      this.saveState(VERCEL_STATE.runId, runId);
      this.located = { deploymentId, checkId, runId };
      Object.assign(this.record, { checkId, runId });
      return this.located;
    } catch (error) {
      if (!(error instanceof VercelRefused)) throw error;
      this.refusal = error.message;
      throw error;
    }
  }

  private async findCheck(session: VercelSession, project: string): Promise<string> {
    const path = `/v2/projects/${encodeURIComponent(project)}/checks`;
    const answer = await expectOk(session, 'check', 'GET', path, { notFound: 'refuse' });
    const checks = get(answer?.data, 'checks');
    const list = Array.isArray(checks) ? checks : [];
    const wanted = this.record.check;
    const byId = list.find((c) => asString(get(c, 'id')) === wanted);
    const byName = list.find((c) => asString(get(c, 'name'))?.toLowerCase() === wanted.toLowerCase());
    const id = asString(get(byId ?? byName, 'id'));
    if (id) return id;
    const names = list
      .map((c) => asString(get(c, 'name')))
      .filter((n): n is string => n !== undefined)
      .map((n) => `"${untrusted(n, 60)}"`);
    throw new VercelRefused(
      404,
      `The Vercel project ${untrusted(project, 100)} has no check named or numbered "${untrusted(wanted, 100)}" ` +
        `(${names.length ? `its checks: ${names.slice(0, 10).join(', ')}` : 'it has no checks'}). Create the ` +
        'check on the project in the Vercel dashboard, or correct `vercel-check`.',
    );
  }

  /** The newest open run of the check on the deployment, else a new one; its id. */
  private async findOrCreateRun(
    session: VercelSession,
    deploymentId: string,
    checkId: string,
  ): Promise<string> {
    const path = `/v2/deployments/${encodeURIComponent(deploymentId)}/check-runs`;
    const answer = await expectOk(session, 'check', 'GET', path, { notFound: 'refuse' });
    const runs = get(answer?.data, 'runs');
    // A completed run belongs to an earlier attempt: a re-run of the workflow gets a run of its own.
    const open = (Array.isArray(runs) ? runs : [])
      .filter((r) => asString(get(r, 'checkId')) === checkId && asString(get(r, 'status')) !== 'completed')
      .sort((a, b) => Number(get(b, 'createdAt') ?? 0) - Number(get(a, 'createdAt') ?? 0));
    const existing = asString(get(open[0], 'id'));
    if (existing) return existing;
    // Saved before the request: a creation the kill cuts off may still have happened.
    this.saveState(VERCEL_STATE.deploymentId, deploymentId);
    this.saveState(VERCEL_STATE.checkId, checkId);
    let created: { status: number; data: unknown } | undefined;
    try {
      created = await expectOk(session, 'check', 'POST', path, { body: { checkId }, notFound: 'refuse' });
    } catch (error) {
      // Refused: no run was created, so there is nothing for the post step to finish.
      if (error instanceof VercelRefused) this.saveState(VERCEL_STATE.deploymentId, '');
      throw error;
    }
    const id = asString(get(created?.data, 'id'));
    if (!id) throw new VercelRefused(502, `The Vercel API created a check run without an id (POST ${path}).`);
    return id;
  }

  private async update(
    session: VercelSession,
    located: Located,
    body: Record<string, unknown>,
  ): Promise<void> {
    const runs = `/v2/deployments/${encodeURIComponent(located.deploymentId)}/check-runs`;
    const path = `${runs}/${encodeURIComponent(located.runId)}`;
    try {
      await expectOk(session, 'check', 'PATCH', path, { body, notFound: 'refuse' });
    } catch (error) {
      if (error instanceof VercelRefused) this.refusal = error.message;
      throw error;
    }
  }
}
