import { annotationsSink } from './annotations/index.js';
import { githubSink } from './github/sink.js';
import { historySink } from './history/index.js';
import { jobSummarySink } from './job-summary/index.js';
import { jsonReportSink } from './json-report/index.js';
import { rollbarSink } from './rollbar/sink.js';
import type { SinkEntry } from './sink.js';
import { vercelGateSink } from './vercel-gate/sink.js';

/**
 * Every target a project's run reports to, in the order they finish: each reads from the ledger what the
 * ones before it wrote (the Vercel check run links to the GitHub check run; Rollbar's deploy comment says
 * what was done on Vercel; the job summary shows it). A new target is a folder of its own and one entry here.
 */
export const SINKS: readonly SinkEntry[] = [
  { name: 'github', create: githubSink },
  { name: 'vercel-gate', create: vercelGateSink },
  { name: 'rollbar', create: rollbarSink },
  { name: 'history', create: historySink },
  { name: 'json-report', create: jsonReportSink },
  { name: 'job-summary', create: jobSummarySink },
  { name: 'annotations', create: annotationsSink },
];
