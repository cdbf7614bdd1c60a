import { posix } from 'node:path';
import type { GateConfig } from '../../config/types.js';
import type { Locate } from './check-run-annotations.js';
import type { SourceLocation } from './workflow-location.js';

/**
 * Check-run annotations for a triggered rule or a failed checklist item point at the line of the config file
 * that defines it (`rule:<id>` / `checklist:<id>` in `config.positions`). Anything else, and anything the
 * file does not define (a default rule it leaves alone, no file at all), falls back to the workflow step.
 * `workspace` turns an absolute config path back into one relative to the repository root, as GitHub wants.
 */
export function locateInConfig(
  config: Pick<GateConfig, 'file' | 'positions'>,
  options: { workspace?: string | undefined } = {},
): Locate {
  const path = repositoryPath(config.file, options.workspace);
  return (subject) => {
    if (!path || (subject.kind !== 'rule' && subject.kind !== 'checklist')) return undefined;
    const at = config.positions.get(`${subject.kind}:${subject.id}`);
    if (!at || !Number.isInteger(at.line) || at.line < 1) return undefined;
    const location: SourceLocation = { path, startLine: at.line, endLine: at.line };
    return location;
  };
}

/**
 * `.github/deployment-health.yml` from `./.github/deployment-health.yml`, `.github\deployment-health.yml` or
 * `<workspace>/.github/deployment-health.yml`; undefined for a path outside the repository, which GitHub
 * would reject (and which would fail the whole annotation request).
 */
export function repositoryPath(file: string | undefined, workspace?: string): string | undefined {
  if (!file?.trim()) return undefined;
  let path = slashes(file);
  if (isAbsolutePath(path)) {
    const root = slashes(workspace ?? '');
    // Without an absolute workspace, or on another Windows drive, there is no way back to the repository.
    if (!isAbsolutePath(root) || driveOf(root) !== driveOf(path)) return undefined;
    path = posix.relative(stripDrive(root), stripDrive(path));
  }
  const normal = posix.normalize(path);
  if (!normal || normal === '.' || normal === '..' || normal.startsWith('../') || normal.startsWith('/')) {
    return undefined;
  }
  return normal.replace(/^\.\//, '');
}

const slashes = (path: string): string => path.trim().replace(/\\/g, '/');
const isAbsolutePath = (path: string): boolean => path.startsWith('/') || /^[a-z]:\//i.test(path);
const driveOf = (path: string): string => /^([a-z]):\//i.exec(path)?.[1]?.toLowerCase() ?? '';
const stripDrive = (path: string): string => path.replace(/^[a-z]:/i, '') || '/';
