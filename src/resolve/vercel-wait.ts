import { backoffDelay } from '../clients/backoff.js';
import { Interrupted, TransientFailure } from '../clients/errors.js';
import { BodyTooLarge, discard, lines } from '../clients/http-body.js';
import { serverRequestedDelay } from '../clients/retry-after.js';
import { briefTransportError } from '../clients/transport-error.js';
import type { ResponseBody, VercelApi } from '../clients/vercel-api.js';
import { isFinal, type VercelDeployment } from '../clients/vercel-deployment.js';
import { untrusted } from '../util/text.js';
import { BuildLogTail } from './build-log.js';
import { fetchBuildLog } from './vercel-build-log.js';
import { eventOutput, eventState, parseEvent } from './vercel-events.js';
import { StopResolving, type WaitContext } from './wait-context.js';

/**
 * Waits until a Vercel deployment is READY, ERROR or CANCELED and returns it in that state. Follows the
 * deployment's events stream (one long request: READY is acted on within a fraction of a second however
 * long the build takes); confirms with one `GET /v13/deployments/{id}` when the stream reports a final state
 * or ends; falls back to polling with backoff when the stream is refused or keeps breaking. A failed build
 * comes back with the last lines of its output (`buildLog`), so the report can say why it failed.
 */
export async function waitUntilFinal(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
): Promise<VercelDeployment> {
  const tail = new BuildLogTail();
  const final = await waitForFinalState(ctx, api, deployment, tail);
  if (final.state !== 'ERROR') return final;
  const buildLog = await lastBuildLines(ctx, api, final, tail);
  return buildLog.length > 0 ? { ...final, buildLog } : final;
}

async function waitForFinalState(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
  tail: BuildLogTail,
): Promise<VercelDeployment> {
  noteState(ctx, deployment);
  if (deployment.state === 'ERROR' && !deployment.errorMessage) {
    // The list omits Vercel's error message; one detail request puts it in front of the reader.
    return (await confirm(ctx, api, deployment)) ?? deployment;
  }
  if (isFinal(deployment.state)) return deployment;
  let latest = deployment;
  if (ctx.policy.useStream) {
    latest = await followEvents(ctx, api, deployment, tail);
    if (isFinal(latest.state)) return latest;
  }
  return pollUntilFinal(ctx, api, latest);
}

/**
 * The stream's tail when it saw the build to its end; otherwise (polling, a stream that broke, a deployment
 * that had already failed) one look at the newest events, keeping whatever the stream gave if that fails.
 */
async function lastBuildLines(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
  tail: BuildLogTail,
): Promise<string[]> {
  if (tail.size > 0 && tail.complete) return tail.lines();
  const fetched = await fetchBuildLog(ctx, api, deployment.id);
  // A cancel during the fetch still ends the run as cancelled; a deadline passing now does not hide the ERROR.
  if (ctx.deps.signal.aborted) throw new Interrupted('cancelled');
  return fetched.length > 0 ? fetched : tail.lines();
}

export function describeDeployment(d: VercelDeployment): string {
  const project = d.project ?? d.projectId;
  return `Vercel deployment ${untrusted(d.id, 80)}${project ? ` of project \`${untrusted(project, 80)}\`` : ''}`;
}

function noteState(ctx: WaitContext, d: VercelDeployment): void {
  const state = untrusted(d.state, 30);
  ctx.progress = `${describeDeployment(d)} was still ${state}`;
  ctx.learn({ id: d.id, inspectorUrl: d.inspectorUrl, project: d.project ?? d.projectId });
  ctx.note(
    `vercel:${d.id}`,
    d.state,
    `${describeDeployment(d)} (${d.target}): ${state}`,
    progressRank(d.state),
  );
}

/** Polls `GET /v13/deployments/{id}` with backoff (≈1 s growing to 10 s) until a final state. */
async function pollUntilFinal(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
): Promise<VercelDeployment> {
  let current = deployment;
  for (let attempt = 0; ; attempt++) {
    await ctx.sleep(backoffDelay(attempt, ctx.policy.poll, ctx.deps.random));
    const next = await confirm(ctx, api, current);
    if (next) {
      current = next;
      if (isFinal(current.state)) return current;
    }
  }
}

/** One `GET /v13/deployments/{id}`; undefined when it failed transiently (the caller polls on). */
async function confirm(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
  stop?: AbortSignal,
): Promise<VercelDeployment | undefined> {
  let fresh: VercelDeployment | undefined;
  try {
    fresh = await api.getDeployment(deployment.id, stop);
  } catch (error) {
    if (error instanceof TransientFailure) return undefined;
    throw error;
  }
  if (!fresh) {
    throw new StopResolving(
      'not-found',
      `${describeDeployment(deployment)} disappeared while waiting (404 from the Vercel API); it may have been ` +
        'deleted. Re-run when a deployment of this commit exists.',
    );
  }
  const merged = { ...deployment, ...definedOnly(fresh) };
  noteState(ctx, merged);
  return merged;
}

type StreamEnd =
  | { kind: 'final-seen' }
  | { kind: 'ended' }
  | { kind: 'broken'; detail: string }
  | { kind: 'refused'; detail: string }
  | { kind: 'too-large' }
  | { kind: 'confirmed'; deployment: VercelDeployment };

/**
 * Follows the events stream. Returns the deployment in a final state, or the latest state seen when
 * polling has to take over (stream refused, too large, or ending early again and again).
 */
async function followEvents(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
  tail: BuildLogTail,
): Promise<VercelDeployment> {
  let current = deployment;
  for (let round = 0; round <= ctx.policy.streamReopens; round++) {
    const end = await followOnce(ctx, api, current, tail);
    if (end.kind === 'confirmed') return end.deployment;
    if (end.kind === 'refused') {
      ctx.deps.logger.debug(`Vercel events stream unavailable (${end.detail}); polling instead.`);
      return current;
    }
    // The stream announced a final state, ended, or broke: one GET says where the deployment really is.
    const fresh = await confirm(ctx, api, current);
    if (fresh) {
      current = fresh;
      if (isFinal(current.state)) return current;
    }
    if (end.kind === 'too-large') return current;
    if (end.kind === 'broken') ctx.lastProblem = `the Vercel events stream broke (${end.detail})`;
    await ctx.sleep(backoffDelay(round, ctx.policy.retry, ctx.deps.random));
  }
  ctx.deps.logger.debug('The Vercel events stream kept ending early; polling instead.');
  return current;
}

async function followOnce(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
  tail: BuildLogTail,
): Promise<StreamEnd> {
  const local = new AbortController();
  const signal = AbortSignal.any([ctx.signal, local.signal]);
  let response: Awaited<ReturnType<VercelApi['openEvents']>>;
  try {
    response = await api.openEvents(deployment.id, signal);
  } catch (error) {
    ctx.check();
    return { kind: 'broken', detail: briefTransportError(error) };
  }
  if (response.status !== 200) {
    discard(response.body);
    if (response.status === 429) {
      const delay = serverRequestedDelay(response.headers, ctx.deps.clock.now());
      ctx.lastProblem = 'the Vercel API rate-limited the events stream (429)';
      if (delay !== undefined) await ctx.sleep(delay);
      return { kind: 'broken', detail: '429' };
    }
    return response.status >= 500
      ? { kind: 'broken', detail: `HTTP ${response.status}` }
      : { kind: 'refused', detail: `HTTP ${response.status}` };
  }

  tail.expectReplay();
  const reading = readStates(ctx, response.body, deployment, signal, tail);
  const safety = safetyConfirms(ctx, api, deployment, local.signal);
  try {
    return await Promise.race([reading, safety]);
  } finally {
    local.abort();
    response.body.destroy();
    reading.catch(() => undefined);
    safety.catch(() => undefined);
  }
}

/**
 * Reads state changes off the stream until a final one, the end of the stream, or a break, keeping the last
 * build-output lines in `tail`. After ERROR it reads on briefly (the failing command's error may follow the
 * state change), until the stream ends or `buildLogGraceMs` passes.
 */
async function readStates(
  ctx: WaitContext,
  body: ResponseBody,
  deployment: VercelDeployment,
  signal: AbortSignal,
  tail: BuildLogTail,
): Promise<StreamEnd> {
  let failed = false;
  const grace = new AbortController();
  try {
    for await (const line of lines(body)) {
      const event = parseEvent(line);
      if (event === undefined) continue;
      const output = eventOutput(event);
      if (output !== undefined) {
        tail.add(output);
        continue;
      }
      if (failed) continue;
      const state = eventState(event);
      if (!state) continue;
      if (state.fatal) return { kind: 'final-seen' };
      if (state.readyState) {
        noteState(ctx, { ...deployment, state: state.readyState });
        if (state.readyState === 'ERROR') {
          failed = true;
          tail.complete = true;
          // Ending the body ends this loop; the stream usually ends on its own well before.
          ctx.deps.clock.sleep(ctx.policy.buildLogGraceMs, grace.signal).then(
            () => body.destroy(),
            () => undefined,
          );
        } else if (isFinal(state.readyState)) {
          return { kind: 'final-seen' };
        }
      }
    }
    return failed ? { kind: 'final-seen' } : { kind: 'ended' };
  } catch (error) {
    if (failed) return { kind: 'final-seen' };
    ctx.check();
    // Stopped on purpose (the safety confirmation won the race): nobody reads this result.
    if (signal.aborted) return { kind: 'ended' };
    if (error instanceof BodyTooLarge) return { kind: 'too-large' };
    return { kind: 'broken', detail: briefTransportError(error) };
  } finally {
    grace.abort();
  }
}

/** While the stream is open, an occasional GET in case it stalls silently; resolves only on a final state. */
async function safetyConfirms(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
  stop: AbortSignal,
): Promise<StreamEnd> {
  for (let attempt = 0; ; attempt++) {
    await ctx.sleep(backoffDelay(attempt, ctx.policy.streamConfirm, ctx.deps.random), stop);
    // Abandoned with `stop` when the stream answers first, so no request outlives the wait.
    const fresh = await confirm(ctx, api, deployment, stop);
    if (fresh && isFinal(fresh.state)) return { kind: 'confirmed', deployment: fresh };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** How far along a build is, so a replayed older state is not reported as news. */
function progressRank(state: string): number {
  if (isFinal(state)) return 2;
  return state === 'BUILDING' ? 1 : 0;
}
