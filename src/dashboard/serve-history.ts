import type { RunContext } from '../model/run-context.js';
import { type DashboardServer, serveDashboard } from './serve.js';
import { dashboardConfig, siteFiles } from './site-files.js';

/**
 * A `dir:` history's dashboard served on `listen`: the site (from memory, refreshing every `refreshSeconds`)
 * over the folder's `data/`. For the CLI's `dashboard --serve` and `monitor --serve`; why it cannot listen
 * there is the problem, worded for the `--serve` flag.
 */
export async function serveHistoryFolder(input: {
  root: string;
  listen: { host: string; port: number };
  context: RunContext;
  refreshSeconds: number;
  intervalSeconds?: number | undefined;
  title?: string | undefined;
}): Promise<DashboardServer | { problem: string }> {
  const { root, listen, context, refreshSeconds, intervalSeconds, title } = input;
  const site = siteFiles(dashboardConfig(context, { title, refreshSeconds, intervalSeconds }));
  try {
    return await serveDashboard({ root, site, host: listen.host, port: listen.port });
  } catch (error) {
    return {
      problem: `--serve ${listen.host}:${listen.port}: cannot listen there (${(error as Error).message})`,
    };
  }
}
