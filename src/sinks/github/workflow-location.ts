import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { RunContext } from '../../model/run-context.js';

/** A place in the repository an annotation points at. */
export interface SourceLocation {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  startLine: number;
  endLine?: number | undefined;
}

/** Workflow files are small; anything larger is not read. */
const MAX_WORKFLOW_BYTES = 512 * 1024;

/**
 * `.github/workflows/x.yml` from `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/x.yml@refs/heads/main`).
 * Undefined when there is none or it does not look like a path in the repository.
 */
export function workflowPath(workflowRef: string | undefined): string | undefined {
  if (!workflowRef) return undefined;
  const at = workflowRef.lastIndexOf('@');
  const withoutRef = at > 0 ? workflowRef.slice(0, at) : workflowRef;
  const path = withoutRef.split('/').slice(2).join('/');
  if (!path || path.startsWith('/') || path.split('/').includes('..')) return undefined;
  return path;
}

/**
 * The line that runs this action: `uses: …/deployment-health-gate@v1` or `uses: ./` (the action in its own
 * repository). A comment after the value is allowed; a commented-out step is not a match.
 */
const USES_THIS_ACTION =
  /^\s*(?:-\s*)?uses:\s*['"]?(?:[^\s'"#]*deployment-health-gate(?:[@/][^\s'"#]*)?|\.\/?)['"]?\s*(?:#.*)?$/i;

export function lineOfThisAction(text: string): number | undefined {
  const index = text.split(/\r?\n/).findIndex((line) => USES_THIS_ACTION.test(line));
  return index >= 0 ? index + 1 : undefined;
}

/**
 * Where annotations without a better place point: the step in the workflow file that runs the gate when the
 * file is checked out in the workspace, else the file's first line. Undefined without a workflow ref (CLI).
 */
export async function workflowLocation(context: RunContext): Promise<SourceLocation | undefined> {
  const path = workflowPath(context.workflowRef);
  if (!path) return undefined;
  let line: number | undefined;
  if (context.workspace && isAbsolute(context.workspace)) {
    const file = normalize(join(context.workspace, path));
    try {
      if ((await stat(file)).size <= MAX_WORKFLOW_BYTES)
        line = lineOfThisAction(await readFile(file, 'utf8'));
    } catch {
      // Not checked out (no actions/checkout step): the first line still names the right file.
    }
  }
  return { path, startLine: line ?? 1, endLine: line ?? 1 };
}
