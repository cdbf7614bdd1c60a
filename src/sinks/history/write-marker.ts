import { resolve } from 'node:path';
import { openHistoryStore } from '../../history/open-store.js';
import type { DeploymentMarker } from '../../history/types.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import { projectTargetName } from '../../monitor/targets.js';
import { untrusted } from '../../util/text.js';

/** Vercel project ids (`prj_…`): a marker is filed under the project's name when the gate knows it. */
const PROJECT_ID = /^prj_[A-Za-z0-9]+$/;

/** The marker of a gate verdict on a READY production deployment; undefined when no project names the target. */
export function gateMarker(run: RunResult): DeploymentMarker | undefined {
  if (run.resolve?.kind !== 'ready') return undefined;
  const { deployment } = run.resolve;
  const named = [run.settings.vercel.project, deployment.project].find((p) => p && !PROJECT_ID.test(p));
  const project = named ?? deployment.project ?? run.settings.vercel.project;
  if (!project) return undefined;
  return {
    at: run.timings.startedAt,
    target: projectTargetName(project),
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
  const token = run.settings.githubToken;
  const { history } = run.settings;
  // A relative folder is the workspace's, not the process's.
  const spec =
    history.kind === 'dir' ? { ...history, path: resolve(context.workspace, history.path) } : history;
  const store = openHistoryStore(spec, {
    deps,
    github:
      token && context.owner && context.repo
        ? { apiUrl: context.apiUrl, token, owner: context.owner, repo: context.repo }
        : undefined,
  });
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
