import { DEFAULT_OWNER, DEFAULT_REPO, type GitHubSim, startGitHubApi } from './github-api.js';
import { type RollbarSim, startRollbarApi } from './rollbar-api.js';
import { type SampleApp, type SampleAppOptions, startSampleApp } from './sample-app.js';
import { type SimDeployment, startVercelApi, type TimelineStep, type VercelSim } from './vercel-api.js';

/**
 * The whole simulated world on 127.0.0.1, as the tests, the demo and the bench use it: a Vercel API, a GitHub
 * API, a Rollbar API, and the sample app that Vercel "deploys". Every deployment the Vercel API hands out
 * points at the sample app, so the gate resolves, waits, and probes a real server.
 */
export interface World {
  vercel: VercelSim;
  github: GitHubSim;
  rollbar: RollbarSim;
  app: SampleApp;
  vercelToken: string;
  githubToken: string;
  bypassSecret: string;
  /** A Vercel deployment of the sample app for `sha`, moving through `states` over `buildMs`. */
  deploy(spec: DeploySpec): SimDeployment;
  /** Runner environment pointing the action at this world (GitHub API URL, repository). */
  runnerEnv(): Record<string, string>;
  /** Inputs that let the action find `sha`'s deployment of `project` through the simulated Vercel API. */
  vercelInputs(spec: { sha: string; project?: string }): Record<string, string>;
  /**
   * Stops every server, then fails if the Vercel or GitHub simulator saw a request its API's own models
   * reject (`@vercel/sdk`, `@octokit/openapi`): whatever a test checks, the action spoke the APIs correctly.
   */
  close(): Promise<void>;
}

export interface DeploySpec {
  sha: string;
  project?: string;
  target?: 'preview' | 'production';
  /** How long QUEUED → BUILDING → final takes (default 1500 ms). */
  buildMs?: number;
  outcome?: 'READY' | 'ERROR' | 'CANCELED';
  errorMessage?: string;
  appearAfterMs?: number;
}

export interface WorldOptions {
  now?: () => number;
  app?: SampleAppOptions;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const vercelToken = 'vercel-token-sim-0123456789';
  const githubToken = 'ghs_simulated0123456789';
  const bypassSecret = options.app?.bypassSecret ?? 'bypass-secret-sim-0123456789';
  const [vercel, github, rollbar, app] = await Promise.all([
    startVercelApi(options.now ? { now: options.now } : {}),
    startGitHubApi(),
    startRollbarApi(),
    startSampleApp({ ...options.app, bypassSecret }),
  ]);
  vercel.requireToken(vercelToken);
  const appHost = new URL(app.url).host;

  return {
    vercel,
    github,
    rollbar,
    app,
    vercelToken,
    githubToken,
    bypassSecret,
    deploy(spec) {
      const buildMs = spec.buildMs ?? 1500;
      const outcome = spec.outcome ?? 'READY';
      const timeline: TimelineStep[] = [
        { state: 'QUEUED', afterMs: 0 },
        { state: 'BUILDING', afterMs: Math.round(buildMs * 0.2) },
        { state: outcome, afterMs: buildMs },
      ];
      return vercel.addDeployment({
        project: spec.project ?? 'shop',
        sha: spec.sha,
        target: spec.target ?? 'preview',
        url: appHost,
        timeline,
        ...(spec.errorMessage ? { errorMessage: spec.errorMessage } : {}),
        ...(spec.appearAfterMs ? { appearAfterMs: spec.appearAfterMs } : {}),
      });
    },
    runnerEnv: () => ({
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${DEFAULT_OWNER}/${DEFAULT_REPO}`,
    }),
    vercelInputs: ({ sha, project = 'shop' }) => ({
      'vercel-token': vercelToken,
      'vercel-project': project,
      'vercel-api-url': vercel.url,
      sha,
    }),
    close: async () => {
      await Promise.all([vercel.close(), github.close(), rollbar.close(), app.close()]);
      vercel.assertNoViolations();
      github.assertNoViolations();
    },
  };
}
