import type { RunResult } from '../../model/run-result.js';
import type { ResolveOutcome, Target } from '../../model/types.js';
import { viewOf } from '../../render/run-view.js';
import { createGitHubDeployment, type DeploymentFacts, findGitHubDeployment } from './deployment-target.js';
import { type DeploymentState, deploymentState } from './outcome.js';
import { finalStatusText, IN_PROGRESS_TEXT, statusDescription } from './own-status.js';
import { CANCEL_GRACE_MS, inAHurry, type ReportEnv } from './report-env.js';
import { SerialQueue } from './serial-queue.js';
import { STATE } from './state.js';

type StatusState = DeploymentState | 'in_progress';

/**
 * The deployment status: on the event's deployment, on the one Vercel made for the commit, or on one the
 * action creates. `in_progress` as soon as the deployment is known, then the verdict. Every status carries
 * `auto_inactive: false`, so GitHub never marks other deployments inactive because of the gate.
 */
export class DeploymentStatusReport {
  private id: number | undefined;
  private url: string | undefined;
  private environment: Target | undefined;
  private inProgressSent = false;
  private finishing = false;
  private readonly queue = new SerialQueue();

  constructor(private readonly env: ReportEnv) {}

  started(info: {
    sha: string;
    environment: Target | undefined;
    deploymentUrl: string | undefined;
    githubDeploymentId: number | undefined;
  }): void {
    this.url = info.deploymentUrl;
    this.environment = info.environment;
    if (info.githubDeploymentId === undefined) return;
    this.adopt(info.githubDeploymentId);
    this.queue.push(() => this.sendInProgress());
  }

  resolved(outcome: ResolveOutcome): void {
    const known = outcome.deployment;
    this.url = known.url ?? this.url;
    this.environment = known.environment ?? this.environment;
    // A run that stopped here has its verdict already: `finish` writes it, with no `in_progress` before.
    if (outcome.kind === 'stopped') return;
    this.queue.push(async () => {
      if (this.finishing) return;
      if (this.id === undefined) {
        await this.locate(
          {
            sha: known.sha,
            environment: this.target(),
            project: known.project ?? this.env.settings.vercel.project,
            url: this.url,
          },
          known.githubDeploymentId,
        );
      }
      await this.sendInProgress();
    });
  }

  async finish(run: RunResult): Promise<void> {
    const { deps, access, saveState } = this.env;
    this.finishing = true;
    const state = deploymentState(run);
    const text = finalStatusText(run);
    // First of all: should the writes below fail, run out of time, or the step be killed during them, the
    // post step writes this status instead of the generic "stopped before a verdict".
    saveState(STATE.deploymentState, state);
    saveState(STATE.deploymentText, text);
    const hurry = inAHurry(run, deps);
    await this.queue.idle(deps.clock, hurry ? CANCEL_GRACE_MS : undefined);
    if (!access.enabled('deployments')) return;

    const { deployment } = viewOf(run);
    this.url = deployment.url ?? this.url;
    // A cancelled run has no time to look a deployment up, and no reason to create one.
    if (this.id === undefined && !hurry) {
      await this.locate(
        {
          sha: deployment.sha,
          environment: deployment.environment,
          project: deployment.project,
          url: this.url,
        },
        deployment.githubDeploymentId,
      );
    }
    if (this.id === undefined) return;
    const written = await this.post(state, statusDescription(this.env.settings, text));
    if (written) saveState(STATE.deploymentFinished, 'true');
  }

  private target(): Target {
    const setting = this.env.settings.environment;
    return setting === 'auto' ? (this.environment ?? 'preview') : setting;
  }

  /** The event's or resolver's deployment, else Vercel's for the commit, else a new one (only for a known URL). */
  private async locate(facts: DeploymentFacts, named: number | undefined): Promise<void> {
    const id =
      named ??
      (await findGitHubDeployment(this.env, facts)) ??
      (facts.url && this.env.access.enabled('deployments')
        ? await createGitHubDeployment(this.env, facts)
        : undefined);
    if (id !== undefined) this.adopt(id);
  }

  private adopt(id: number): void {
    this.id = id;
    this.env.saveState(STATE.deploymentId, String(id));
    if (this.url) this.env.saveState(STATE.deploymentUrl, this.url);
  }

  private async sendInProgress(): Promise<void> {
    if (this.finishing || this.inProgressSent || this.id === undefined) return;
    this.inProgressSent = true;
    await this.post('in_progress', statusDescription(this.env.settings, IN_PROGRESS_TEXT));
  }

  private post(state: StatusState, description: string): Promise<boolean> {
    const id = this.id;
    if (id === undefined) return Promise.resolve(false);
    return postDeploymentStatus(this.env, id, state, description, this.url);
  }
}

/** One status on one deployment; `auto_inactive: false` always. True when GitHub took it. */
export async function postDeploymentStatus(
  env: Pick<ReportEnv, 'octokit' | 'context' | 'access'>,
  deploymentId: number,
  state: StatusState,
  description: string,
  environmentUrl: string | undefined,
): Promise<boolean> {
  const { octokit, context, access } = env;
  const logUrl = httpUrl(context.runUrl);
  const url = httpUrl(environmentUrl);
  const response = await access.call(
    'deployments',
    `set the status of GitHub deployment ${deploymentId}`,
    (signal) =>
      octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        owner: context.owner,
        repo: context.repo,
        deployment_id: deploymentId,
        state,
        description,
        ...(logUrl ? { log_url: logUrl } : {}),
        ...(url ? { environment_url: url } : {}),
        auto_inactive: false,
        request: { signal },
      }),
  );
  return response !== undefined;
}

/** The URL as given when it is a plain http(s) URL without credentials (GitHub rejects anything else). */
function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const plain = (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    return plain ? value : undefined;
  } catch {
    return undefined;
  }
}
