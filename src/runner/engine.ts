// What a run of the action needs once its inputs and config file are known to be good: HTTP, the GitHub
// client, every stage of the gate and the reports. main.ts loads it with `import()` (a chunk of its own in
// dist/), so a configuration error is reported without loading any of it.
export { annotationsFor } from '../report/annotations.js';
export { renderConsole } from '../report/console.js';
export {
  createGitHubClient,
  githubReportsUnavailable,
  isOwnDeploymentStatusEvent,
} from '../report/github/index.js';
export { buildJsonReport, writeJsonReport } from '../report/json-report.js';
export { outputsFor } from '../report/outputs.js';
export { renderSummary } from '../report/summary.js';
export { settingsPerProject } from '../settings/per-project.js';
export { Agent } from '../util/undici.js';
export { renderVercelActions, vercelActionLines } from '../vercel-gate/render.js';
export { checkAllProjects, fileSafe, projectKey } from './check-all.js';
