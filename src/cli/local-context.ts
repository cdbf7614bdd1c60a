import { execFileSync } from 'node:child_process';
import { type RunContext, readRunContext } from '../model/run-context.js';

/**
 * The run's context on a developer's machine: what GitHub's variables say when they are set (a CLI run
 * inside a workflow), else the checked-out commit (`git rev-parse HEAD`), so `--vercel-project web` alone
 * finds the deployment of the code at hand. The working directory stands in for the workspace.
 */
export function localContext(env: NodeJS.ProcessEnv, cwd: string): RunContext {
  const context = readRunContext({ GITHUB_WORKSPACE: cwd, ...env });
  if (context.sha) return context;
  return { ...context, sha: headCommit(cwd) ?? '' };
}

function headCommit(cwd: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return /^[0-9a-f]{40}$/i.test(out) ? out.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
