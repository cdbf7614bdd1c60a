import { productionTargetName } from '../../gate/production-target.js';
import type { DeploymentMarker } from '../../history/types.js';
import { workspaceHistoryStore } from '../../history/workspace-store.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import { untrusted } from '../../util/text.js';

/** The marker of a gate verdict on a READY production deployment; undefined when no project names the target. */
export function gateMarker(run: RunResult): DeploymentMarker | undefined {
  if (run.resolve?.kind !== 'ready') return undefined;
  const { deployment } = run.resolve;
  const target = productionTargetName(run.settings.vercel.project, deployment.project);
  if (!target) return undefined;
  return {
    at: run.timings.startedAt,
    target,
    deploymentId: deployment.id,
    sha: deployment.sha || undefined,
    url: deployment.url,
    source: 'gate',
    status: run.verdict.status,
    reason: run.verdict.reason,
    runUrl: run.context.runUrl || undefined,
  };
}

/** Writes the marker through the history store of `history`; trouble is a warning, never a verdict. */
export async function writeGateMarker(run: RunResult, context: RunContext, deps: Deps): Promise<void> {
  const marker = gateMarker(run);
  if (!marker) {
    deps.logger.info(
      'Not recording this deployment in the history: no Vercel project names it (set `vercel-project`).',
    );
    return;
  }
  const { history, githubToken: token } = run.settings;
  const store = workspaceHistoryStore({ history, token, context, deps });
  const written = await store.write({
    at: deps.clock.now(),
    records: [],
    states: [],
    markers: [marker],
    incidents: [],
  });
  if (written.warning) {
    deps.logger.warning(`History (${store.describe}): ${written.warning}`);
  } else {
    deps.logger.info(
      `Recorded deployment ${untrusted(marker.deploymentId ?? marker.url, 80)} of ${marker.target} in ${store.describe}.`,
    );
  }
}
