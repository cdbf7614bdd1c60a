import { CallScope, defaultRetryLimits } from '../clients/call-scope.js';
import { asString, get } from '../clients/untyped.js';
import { VercelApi } from '../clients/vercel-api.js';
import type { Deps } from '../model/deps.js';
import type { Settings } from '../settings/settings.js';
import { untrusted } from '../util/text.js';

/** The look-ups share this budget (each also bounded by `request-timeout` and the gate's retries). */
const LOOKUP_BUDGET_MS = 15_000;

/** What one `vercel-project` line turned out to name. */
interface Named {
  target: Settings;
  line: string;
  /** The project's id and name, when Vercel said. */
  project?: { id: string; name?: string | undefined } | undefined;
}

/**
 * One gate per distinct Vercel project. `vercel-project` lines are told apart by text only when they are
 * read, so a project's name and its `prj_…` id (or `Web` and `web`) would run two gates on one deployment —
 * two check runs, and two promotions or rollbacks racing each other. With a token each line is resolved to
 * the project's id first (`GET /v9/projects/{idOrName}`, side by side); a line Vercel does not resolve (no
 * token, 404, Vercel down) is compared case-insensitively with the others' text and the names Vercel gave.
 * Lines that name the same project keep the first one's gate (its check name, outputs key and state), and
 * a warning says which lines were merged. Fewer than two lines: no request.
 */
export async function distinctProjects(targets: Settings[], deps: Deps): Promise<Settings[]> {
  if (targets.length < 2) return targets;
  const named = await Promise.all(targets.map((target) => resolveLine(target, deps)));
  const groups = new Map<string, Named[]>();
  for (const entry of named) {
    const key = keyOf(entry, named);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const kept: Settings[] = [];
  for (const group of groups.values()) {
    const [first, ...rest] = group;
    if (!first) continue;
    kept.push(first.target);
    if (rest.length === 0) continue;
    const lines = group.map((entry) => `\`${untrusted(entry.line, 100)}\``).join(', ');
    const project = group.find((entry) => entry.project)?.project;
    const which = project
      ? ` ${untrusted(project.name ?? project.id, 100)} (${untrusted(project.id, 80)})`
      : ' (compared without case: no Vercel project id to go by)';
    deps.logger.warning(
      `\`vercel-project\` lines ${lines} name the same Vercel project${which}: it is checked once, as ` +
        `\`${untrusted(first.line, 100)}\`. Name each project once.`,
    );
  }
  return kept;
}

/** `id:prj_…` for a line Vercel resolved, else `name:<lower-case text>` — or the id of a project whose
 * name or id the text matches. */
function keyOf(entry: Named, all: Named[]): string {
  if (entry.project) return `id:${entry.project.id}`;
  const text = entry.line.toLowerCase();
  const match = all.find(
    (other) =>
      other.project &&
      (other.project.id.toLowerCase() === text || other.project.name?.toLowerCase() === text),
  );
  return match?.project ? `id:${match.project.id}` : `name:${text}`;
}

async function resolveLine(target: Settings, deps: Deps): Promise<Named> {
  const line = target.vercel.project ?? '';
  const { token, team, apiUrl } = target.vercel;
  if (!token || !line) return { target, line };
  const budgetMs = Math.min(target.waitTimeoutMs, LOOKUP_BUDGET_MS);
  const ctx = new CallScope(deps, {
    budgetMs,
    requestTimeoutMs: target.requestTimeoutMs,
    ...defaultRetryLimits,
  });
  try {
    const api = new VercelApi(ctx, { token, team, apiUrl }, deps.dispatcher);
    const answer = await api.call('GET', `/v9/projects/${encodeURIComponent(line)}`);
    const id = answer.status < 300 ? asString(get(answer.data, 'id')) : undefined;
    if (!id) {
      deps.logger.debug(
        `vercel-project ${untrusted(line, 100)}: the Vercel API answered ${answer.status}; compared by name.`,
      );
      return { target, line };
    }
    return { target, line, project: { id, name: asString(get(answer.data, 'name')) } };
  } catch (error) {
    // Vercel down, cancelled: the gates report that themselves; here the line is compared by its text.
    deps.logger.debug(
      `vercel-project ${untrusted(line, 100)}: not resolved (${untrusted(error instanceof Error ? error.message : String(error), 200)}); compared by name.`,
    );
    return { target, line };
  } finally {
    ctx.dispose();
  }
}
