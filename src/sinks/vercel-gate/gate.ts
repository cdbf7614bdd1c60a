import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import type { ResolveOutcome } from '../../model/types.js';
import type { Settings } from '../../settings/settings.js';
import { untrusted } from '../../util/text.js';
import { noSink, type Progress } from '../sink.js';
import { VercelCheckRun } from './check-run.js';
import { promotionBlocked } from './conclusion.js';
import { type VercelGatePolicy, vercelGatePolicy } from './policy.js';
import { mayPromote, type PromotionGate, promote } from './promote.js';
import { mayRollBack, rollBack } from './rollback.js';
import { inSession, VercelSession } from './session.js';
import { noActions, type VercelGateActions } from './types.js';
import { deploymentRef, judgedDeployment } from './words.js';

/**
 * The Vercel promotion gate: as an observer it sets the deployment's Vercel check run `running` once the
 * deployment is READY (in the background, so probing does not wait); `finish` completes the check run with
 * the verdict, then promotes a healthy staged production deployment or rolls an unhealthy live one back.
 */
export interface VercelGate extends Progress {
  /** Never throws: Vercel trouble lands in `problems` and never changes the verdict. */
  finish(run: RunResult, links: { checkRunUrl?: string | undefined }): Promise<VercelGateActions>;
}

export interface VercelGateOptions {
  settings: Settings;
  context: RunContext;
  deps: Deps;
  /** Shorter budgets and polls for tests. */
  policy?: Partial<VercelGatePolicy>;
  /** The post step's memory (`core.saveState`, prefixed per project); what a killed run leaves open. */
  saveState?: ((name: string, value: string) => void) | undefined;
}

const inert: VercelGate = { ...noSink, finish: async () => noActions() };

/** Stops that still leave a Vercel deployment whose check run deserves a conclusion. */
const CHECK_AFTER_STOP = new Set(['wait-timeout', 'cancelled']);

export function createVercelGate(options: VercelGateOptions): VercelGate {
  const { settings, context, deps } = options;
  const policy = vercelGatePolicy(options.policy);
  const wantCheck = settings.vercelCheck !== undefined;
  if (!settings.vercel.token || (!wantCheck && !settings.promote && !settings.rollbackOnUnhealthy))
    return inert;

  let sha = '';
  let checkRun: VercelCheckRun | undefined;
  let starting: Promise<string | undefined> | undefined;

  const newCheckRun = () => new VercelCheckRun(settings, context, deps, policy, sha, options.saveState);

  return {
    async started(info) {
      sha = info.sha;
    },
    phase: async () => undefined,
    async resolved(outcome: ResolveOutcome) {
      if (!wantCheck || outcome.kind !== 'ready') return;
      const target = deploymentRef(outcome.deployment);
      if (!target) return;
      checkRun = newCheckRun();
      // Not awaited: the check run goes `running` while the gate probes; `finish` collects the result.
      starting = checkRun.start(target).catch((error) => bug('starting the Vercel check run', error));
    },
    async finish(run, links) {
      const actions = noActions();
      sha ||= run.sha;
      try {
        if (wantCheck) await finishCheck(run, links, actions);
        await promoteOrRollBack(run, actions);
      } catch (error) {
        actions.problems.push(bug('the Vercel promotion gate', error));
      }
      return actions;
    },
  };

  async function finishCheck(
    run: RunResult,
    links: { checkRunUrl?: string | undefined },
    actions: VercelGateActions,
  ): Promise<void> {
    const startProblem = await starting;
    if (startProblem) actions.problems.push(startProblem);
    const resolve = run.resolve;
    const concluding = resolve?.kind === 'ready' || (resolve && CHECK_AFTER_STOP.has(resolve.reason));
    const target = concluding ? judgedDeployment(run) : undefined;
    if (!target && !checkRun) return;
    checkRun ??= newCheckRun();
    const externalUrl = links.checkRunUrl || context.runUrl || undefined;
    const problem = await checkRun.complete(run, externalUrl, target);
    if (problem) actions.problems.push(problem);
    actions.check = checkRun.record;
  }

  async function promoteOrRollBack(run: RunResult, actions: VercelGateActions): Promise<void> {
    // Never promote what the Vercel check blocks (one rule: `vercelConclusion`).
    const allowed = mayPromote(run);
    const blocked = allowed.go ? promotionBlocked(run) : undefined;
    const promotion: PromotionGate = blocked ? { go: false, note: blocked } : allowed;
    const rollback = mayRollBack(run);
    for (const gate of [promotion, rollback]) if (!gate.go && gate.note) actions.notes.push(gate.note);
    if (!rollback.go && rollback.note) actions.rollbackNote = rollback.note;
    if (!promotion.go && !rollback.go) return;
    if (deps.signal.aborted) {
      actions.notes.push('Neither promoted nor rolled back: the run was cancelled.');
      return;
    }
    const session = new VercelSession(settings, deps, policy, {
      budgetMs: policy.aliasTimeoutMs + policy.checkBudgetMs,
      sha: sha || run.sha,
    });
    const what = promotion.go ? 'promoting the deployment' : 'rolling production back';
    const done = await inSession(session, what, async (s) => {
      if (promotion.go) {
        const { record, note } = await promote(s, policy, run, promotion.despite);
        actions.promoted = record;
        if (note) actions.notes.push(note);
      } else {
        const { record, note } = await rollBack(s, policy, run);
        actions.rolledBack = record;
        if (note) actions.notes.push(note);
        if (note) actions.rollbackNote = note;
      }
    });
    if (!done.ok) actions.problems.push(done.problem);
  }

  function bug(what: string, error: unknown): string {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    deps.logger.debug(`${what}: ${untrusted(text, 2000)}`);
    const said = untrusted(error instanceof Error ? error.message : text, 200);
    return `${what} stopped on an unexpected error: ${said}. Please report it with this log.`;
  }
}
