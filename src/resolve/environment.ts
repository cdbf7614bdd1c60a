import type { Target } from '../model/types.js';

/** What a Vercel-style environment name says: the target, and the project for monorepo names. */
export interface EnvironmentName {
  target: Target;
  /** `web` in "Preview – web": Vercel names GitHub environments so when a repo has several projects. */
  project?: string | undefined;
  /** Whether the head is one Vercel uses (`Production`, `Preview`); false for custom environments. */
  vercel: boolean;
}

// Vercel writes "Preview – web" with an en dash; accept em dash and a spaced hyphen too.
const PROJECT_SEPARATOR = /\s+[\u2013\u2014-]\s+/;

/** "Production" → production; "Preview – web" → preview of project web; custom names → preview. */
export function parseEnvironmentName(name: string): EnvironmentName {
  const trimmed = name.trim();
  const separator = PROJECT_SEPARATOR.exec(trimmed);
  const head = (separator ? trimmed.slice(0, separator.index) : trimmed).toLowerCase();
  const project = separator ? trimmed.slice(separator.index + separator[0].length).trim() : undefined;
  if (head === 'production') return { target: 'production', project: project || undefined, vercel: true };
  if (head === 'preview') return { target: 'preview', project: project || undefined, vercel: true };
  // Custom environments (staging, qa) are not production: Vercel only promotes to production explicitly.
  return { target: 'preview', project: undefined, vercel: false };
}

/** The `environment` input wins; `auto` takes what the event or deployment says; preview by default. */
export function chooseEnvironment(setting: 'auto' | Target, observed: Target | undefined): Target {
  return setting === 'auto' ? (observed ?? 'preview') : setting;
}

/** Project names and ids compare case-insensitively (Vercel lower-cases project names). */
export function sameProject(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Whether an event is about another project than the one `vercel-project` asks for: it names a project
 * (by name or id) and none of its names is the wanted one. An event that names none is taken as ours.
 */
export function eventForAnotherProject(
  wanted: string | undefined,
  names: Array<string | undefined>,
): boolean {
  const named = names.filter((name): name is string => name !== undefined);
  return wanted !== undefined && named.length > 0 && !named.some((name) => sameProject(wanted, name));
}
