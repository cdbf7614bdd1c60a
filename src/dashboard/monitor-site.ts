import { resolve } from 'node:path';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { MonitorSettings } from '../monitor/settings.js';
import { untrusted } from '../util/text.js';
import { MAX_BRANCH_READS, writeDashboardDir } from './dashboard-dir.js';
import { type DashboardOptions, dashboardConfig, pagesUrl, siteFiles, targetPageUrl } from './site-files.js';

/** What a monitor run does for the dashboard: the site it writes, and each target's page for incident links. */
export interface MonitorSite {
  /** The site's files for the history's root (`HistoryChange.site`); undefined when `dashboard: false`. */
  files: Record<string, string> | undefined;
  /** The target's page on the repository's GitHub Pages site, when that site is where the dashboard goes. */
  targetUrl(target: string): string | undefined;
  /** `dashboard-dir`: writes the site and the data into that folder; a warning on trouble, never a throw. */
  writeDir(deps: Deps, now: number): Promise<string | undefined>;
}

/**
 * The dashboard of a monitor run. Incident links point at the target's page on
 * `https://<owner>.github.io/<repo>/` when the dashboard is published there: written at the data branch's
 * root (`dashboard: true` with a `branch:` history, for Pages "deploy from a branch") or into `dashboard-dir`
 * (for `upload-pages-artifact`). Only on github.com, where the Pages address follows from the repository.
 */
export function monitorSite(
  settings: MonitorSettings,
  context: RunContext,
  options: DashboardOptions = {},
): MonitorSite {
  const config = dashboardConfig(context, options);
  const files = siteFiles(config);
  const published =
    (settings.dashboard && settings.history.kind === 'branch') || settings.dashboardDir !== undefined;
  const site = published ? pagesUrl(context) : undefined;
  return {
    files: settings.dashboard && settings.history.kind !== 'none' ? files : undefined,
    targetUrl: (target) => (site ? targetPageUrl(site, target) : undefined),
    async writeDir(deps, now) {
      if (settings.dashboardDir === undefined) return undefined;
      const dir = resolve(context.workspace, settings.dashboardDir);
      const history =
        settings.history.kind === 'dir'
          ? { kind: 'dir' as const, path: resolve(context.workspace, settings.history.path) }
          : settings.history;
      const token = settings.gate.githubToken;
      try {
        const done = await writeDashboardDir({
          dir,
          site: files,
          history,
          github:
            token && context.owner && context.repo
              ? { access: { apiUrl: context.apiUrl, token, owner: context.owner, repo: context.repo }, deps }
              : undefined,
          now,
        });
        deps.logger.info(
          `Dashboard written to ${dir}: ${done.written} file${done.written === 1 ? '' : 's'} changed` +
            `${done.deleted ? `, ${done.deleted} deleted` : ''}${done.requests ? ` (${done.requests} GitHub requests)` : ''}.`,
        );
        if (done.left) {
          return (
            `The dashboard in ${dir} lacks ${done.left} older data file${done.left === 1 ? '' : 's'} this run ` +
            `(at most ${MAX_BRANCH_READS} are read from the branch per run); keep the folder between runs (actions/cache) and ` +
            'the next runs complete it.'
          );
        }
        return undefined;
      } catch (error) {
        return `The dashboard was not written to ${dir}: ${untrusted((error as Error).message ?? String(error), 300)}.`;
      }
    },
  };
}
