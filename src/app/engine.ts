// What a run of the action needs once its inputs and config file are known to be good: HTTP, the GitHub
// client, every stage of the gate and the reports. main.ts loads it with `import()` (a chunk of its own in
// dist/), so a configuration error is reported without loading any of it.

export { checkAllProjects, fileSafe, projectKey } from '../gate/check-all.js';
export { annotationsFor } from '../render/annotations.js';
export { renderConsole } from '../render/console.js';
export { buildJsonReport, writeJsonReport } from '../render/json-report.js';
export { outputsFor } from '../render/outputs.js';
export { renderSummary } from '../render/summary.js';
export { settingsPerProject } from '../settings/per-project.js';
export {
  createGitHubClient,
  githubReportsUnavailable,
  isOwnDeploymentStatusEvent,
} from '../sinks/github/index.js';
export { renderVercelActions, vercelActionLines } from '../sinks/vercel-gate/render.js';
export { Agent } from '../util/undici.js';
