import type { Sink, SinkInput } from '../sink.js';
import { locateInConfig } from './config-location.js';
import { createGitHubReports } from './index.js';

/** The check run and the deployment status; the check run's id and URL go into the ledger. */
export function githubSink(input: SinkInput): Sink {
  const { settings, config, context, deps, github, saveState } = input;
  const reports = createGitHubReports({
    octokit: github,
    settings,
    context,
    deps,
    saveState,
    locate: locateInConfig(config, { workspace: context.workspace }),
  });
  return {
    started: (info) => reports.started(info),
    phase: (phase, detail) => reports.phase(phase, detail),
    resolved: (outcome) => reports.resolved(outcome),
    async finish(run, ledger) {
      ledger.checkRun = await reports.finish(run);
    },
  };
}
