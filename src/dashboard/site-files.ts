import type { RunContext } from '../model/run-context.js';
import { SITE_ASSETS } from './assets.generated.js';

/** `dashboard.json`: what the page is told about where it runs (read once at load, and at each refresh). */
export interface DashboardConfig {
  schemaVersion: 1;
  /** How often the page reloads its data (s): 30 on Pages, 1 when the CLI serves it live. */
  refreshSeconds: number;
  /** How often the monitor runs (s): the page warns when the newest sample is older than three of these. */
  intervalSeconds: number;
  /** The monitor workflow's page, whose "Run workflow" button runs a check now; null when unknown. */
  dispatchUrl: string | null;
  /** The repository the history belongs to; null when unknown (a CLI outside a workflow). */
  repositoryUrl: string | null;
  title: string;
}

/** How often the page reloads its data by default (the "every 30 s"). */
export const DEFAULT_REFRESH_SECONDS = 30;
/**
 * The monitor's interval when nothing says otherwise: the action cannot see its workflow's `schedule`, so a
 * five-minute cron (the documented one) is assumed; the CLI's `--every` gives the real one.
 */
export const DEFAULT_INTERVAL_SECONDS = 300;

export interface DashboardOptions {
  refreshSeconds?: number | undefined;
  intervalSeconds?: number | undefined;
  title?: string | undefined;
}

/**
 * The page's settings from the run's context: the "Run a check now" link is the monitor workflow's page
 * (`GITHUB_WORKFLOW_REF`), which has GitHub's "Run workflow" button for a `workflow_dispatch` trigger.
 */
export function dashboardConfig(
  context: Pick<RunContext, 'serverUrl' | 'owner' | 'repo' | 'workflowRef'>,
  options: DashboardOptions = {},
): DashboardConfig {
  const repositoryUrl = repositoryUrlOf(context);
  return {
    schemaVersion: 1,
    refreshSeconds: positive(options.refreshSeconds, DEFAULT_REFRESH_SECONDS),
    intervalSeconds: positive(options.intervalSeconds, DEFAULT_INTERVAL_SECONDS),
    dispatchUrl: workflowPageUrl(context) ?? null,
    repositoryUrl: repositoryUrl ?? null,
    title:
      options.title?.trim() ||
      (context.owner && context.repo
        ? `Deployment health · ${context.owner}/${context.repo}`
        : 'Deployment health'),
  };
}

/** Every file of the site, path at the history's root → content: the assets and `dashboard.json`. */
export function siteFiles(config: DashboardConfig): Record<string, string> {
  return { ...SITE_ASSETS, 'dashboard.json': `${JSON.stringify(config, null, 2)}\n` };
}

/** `https://github.com/acme/shop/actions/workflows/monitor.yml` from `acme/shop/.github/workflows/monitor.yml@refs/heads/main`. */
export function workflowPageUrl(context: Pick<RunContext, 'serverUrl' | 'workflowRef'>): string | undefined {
  const match = /^([^/@\s]+)\/([^/@\s]+)\/\.github\/workflows\/([^/@\s]+\.ya?ml)@/.exec(
    context.workflowRef ?? '',
  );
  const server = httpBase(context.serverUrl);
  if (!match || !server) return undefined;
  const [, owner = '', repo = '', file = ''] = match;
  return `${server}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/workflows/${encodeURIComponent(file)}`;
}

function repositoryUrlOf(context: Pick<RunContext, 'serverUrl' | 'owner' | 'repo'>): string | undefined {
  const server = httpBase(context.serverUrl);
  if (!server || !context.owner || !context.repo) return undefined;
  return `${server}/${encodeURIComponent(context.owner)}/${encodeURIComponent(context.repo)}`;
}

/**
 * The GitHub Pages address of the repository's site (`https://<owner>.github.io/<repo>/`), where the data
 * branch (or a `dashboard-dir` upload) is published. Only known on github.com: GitHub Enterprise Server
 * serves Pages at an address of the instance's own choosing, so there it is undefined.
 */
export function pagesUrl(context: Pick<RunContext, 'serverUrl' | 'owner' | 'repo'>): string | undefined {
  if (httpBase(context.serverUrl) !== 'https://github.com' || !context.owner || !context.repo)
    return undefined;
  const owner = context.owner.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(owner) || !/^[A-Za-z0-9._-]+$/.test(context.repo)) return undefined;
  // The user or organisation site (`<owner>.github.io`) is published at the root.
  if (context.repo.toLowerCase() === `${owner}.github.io`) return `https://${owner}.github.io/`;
  return `https://${owner}.github.io/${context.repo}/`;
}

/** The dashboard's page of one target on the Pages site: `…/#/target/<name>`. */
export function targetPageUrl(site: string, target: string): string {
  return `${site}#/target/${encodeURIComponent(target)}`;
}

function httpBase(url: string): string | undefined {
  const base = url.replace(/\/+$/, '');
  return /^https?:\/\/[^/\s]+$/i.test(base) ? base : undefined;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
