import {
  conditional,
  type GitHubSimEnv,
  githubActionsApp,
  NOT_FOUND,
  page,
  stableId,
  timestamp,
} from './github-json.js';
import type { RouteContext, RouteTable } from './http-server.js';

/**
 * Check runs as GitHub keeps them: created and updated through the API (the bodies are already validated),
 * with every annotation ever sent (PATCHes append, as GitHub does) and a history of every state the run went
 * through, so a test can say "it was in_progress, then completed with failure".
 */

/** A check run's `status` (the last three only GitHub itself sets). */
export type CheckRunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
/** A completed check run's `conclusion` (`stale` only GitHub sets). */
export type CheckRunConclusion =
  | 'action_required'
  | 'cancelled'
  | 'failure'
  | 'neutral'
  | 'success'
  | 'skipped'
  | 'stale'
  | 'timed_out';

/** An annotation as it was sent (GitHub answers with `blob_href` added and missing fields as null). */
export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number | undefined;
  end_column?: number | undefined;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string | undefined;
  raw_details?: string | undefined;
}

/** The run as it was right after one create or update. */
export interface CheckRunSnapshot {
  via: 'create' | 'update' | 'seed';
  /** When it happened (ISO, whole seconds). */
  at: string;
  name: string;
  status: CheckRunStatus;
  conclusion: CheckRunConclusion | null;
  started_at: string | null;
  completed_at: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  /** Annotations this request added. */
  annotationsAdded: number;
  /** All annotations so far. */
  annotationsCount: number;
}

/** A check run as the simulator keeps it; `history` and `annotations` are for tests to inspect. */
export interface SimCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  status: CheckRunStatus;
  conclusion: CheckRunConclusion | null;
  started_at: string | null;
  completed_at: string | null;
  details_url: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation ever sent, in order. */
  annotations: CheckRunAnnotation[];
  actions: unknown[];
  /** Every state the run went through, oldest first. */
  history: CheckRunSnapshot[];
  /** `html_url`: `https://github.com/{owner}/{repo}/runs/{id}`. */
  html_url: string;
}

/** What a test seeds (a run left `in_progress` by a killed job, another app's run). */
export interface CheckRunSpec {
  owner?: string;
  repo?: string;
  name: string;
  head_sha: string;
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion;
  started_at?: string;
  completed_at?: string;
  details_url?: string;
  external_id?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: CheckRunAnnotation[] };
}

/** The check runs of one simulator and the routes that serve them. */
export interface CheckRunStore {
  checkRuns: SimCheckRun[];
  /** Seeds a run as if created through the API (history entry `seed`). */
  addCheckRun(spec: CheckRunSpec, defaults: { owner: string; repo: string }): SimCheckRun;
  /** The newest run matching every given field. */
  findCheckRun(filter: {
    name?: string;
    head_sha?: string;
    owner?: string;
    repo?: string;
  }): SimCheckRun | undefined;
  /** `{state}` per check name on a commit, newest run per name (for deployments' `required_contexts`). */
  contextsFor(owner: string, repo: string, sha: string): Array<{ context: string; state: string }>;
  /** Adds the check-run routes to the simulator's route table. */
  register(routes: RouteTable): void;
}

type Body = Record<string, unknown>;

/** An empty check-run store; ids come from the simulator's shared counter. */
export function createCheckRunStore(env: GitHubSimEnv): CheckRunStore {
  const checkRuns: SimCheckRun[] = [];

  const snapshot = (run: SimCheckRun, via: CheckRunSnapshot['via'], added: number): CheckRunSnapshot => ({
    via,
    at: timestamp(),
    name: run.name,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    title: run.output.title,
    summary: run.output.summary,
    text: run.output.text,
    annotationsAdded: added,
    annotationsCount: run.annotations.length,
  });

  /** GitHub's semantics of one create/update body applied to a run. */
  const apply = (run: SimCheckRun, b: Body): number => {
    if (typeof b.name === 'string') run.name = b.name;
    if (typeof b.details_url === 'string') run.details_url = b.details_url;
    if (typeof b.external_id === 'string') run.external_id = b.external_id;
    if (typeof b.started_at === 'string') run.started_at = b.started_at;
    if (typeof b.status === 'string') {
      run.status = b.status as CheckRunStatus;
      // A run moved back to queued / in_progress has no conclusion any more, as when it is re-run.
      if (run.status !== 'completed') {
        run.conclusion = null;
        run.completed_at = null;
      }
    }
    // "Providing `conclusion` will automatically set the `status` parameter to `completed`."
    if (typeof b.conclusion === 'string') {
      run.conclusion = b.conclusion as CheckRunConclusion;
      run.status = 'completed';
    }
    if (typeof b.completed_at === 'string') run.completed_at = b.completed_at;
    if (run.status === 'completed' && !run.completed_at) run.completed_at = timestamp();
    if (Array.isArray(b.actions)) run.actions = b.actions;
    let added = 0;
    const output = b.output as Body | undefined;
    if (output && typeof output === 'object') {
      if (typeof output.title === 'string') run.output.title = output.title;
      if (typeof output.summary === 'string') run.output.summary = output.summary;
      if (typeof output.text === 'string') run.output.text = output.text;
      if (Array.isArray(output.annotations)) {
        run.annotations.push(...(output.annotations as CheckRunAnnotation[]));
        added = output.annotations.length;
      }
    }
    return added;
  };

  const create = (owner: string, repo: string, b: Body, via: 'create' | 'seed'): SimCheckRun => {
    const id = env.nextId();
    const run: SimCheckRun = {
      id,
      owner,
      repo,
      name: String(b.name),
      head_sha: String(b.head_sha),
      status: 'queued',
      conclusion: null,
      started_at: timestamp(),
      completed_at: null,
      details_url: null,
      external_id: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      actions: [],
      history: [],
      html_url: `https://github.com/${owner}/${repo}/runs/${id}`,
    };
    const added = apply(run, b);
    run.history.push(snapshot(run, via, added));
    checkRuns.push(run);
    return run;
  };

  const json = (run: SimCheckRun) => {
    const api = `${env.base()}/repos/${run.owner}/${run.repo}`;
    return {
      id: run.id,
      name: run.name,
      node_id: `CR_${run.id}`,
      head_sha: run.head_sha,
      external_id: run.external_id ?? '',
      url: `${api}/check-runs/${run.id}`,
      html_url: run.html_url,
      // "If the integrator does not provide this, then the homepage of the GitHub app is used."
      details_url: run.details_url ?? 'https://help.github.com/en/actions',
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.annotations.length,
        annotations_url: `${api}/check-runs/${run.id}/annotations`,
      },
      check_suite: { id: stableId(`${run.owner}/${run.repo}@${run.head_sha}`) },
      app: githubActionsApp(env.base()),
      pull_requests: [],
    };
  };

  const annotationJson = (run: SimCheckRun, a: CheckRunAnnotation) => ({
    path: a.path,
    blob_href: `https://github.com/${run.owner}/${run.repo}/blob/${run.head_sha}/${a.path}`,
    start_line: a.start_line,
    end_line: a.end_line,
    start_column: a.start_column ?? null,
    end_column: a.end_column ?? null,
    annotation_level: a.annotation_level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.raw_details ?? null,
  });

  const find = (ctx: RouteContext) =>
    checkRuns.find(
      (r) =>
        r.owner === ctx.params.owner &&
        r.repo === ctx.params.repo &&
        String(r.id) === ctx.params.check_run_id,
    );

  const newestPerName = (runs: SimCheckRun[]) => {
    const seen = new Set<string>();
    return runs.filter((r) => !seen.has(r.name) && seen.add(r.name));
  };

  return {
    checkRuns,
    addCheckRun(spec, defaults) {
      return create(
        spec.owner ?? defaults.owner,
        spec.repo ?? defaults.repo,
        spec as unknown as Body,
        'seed',
      );
    },
    findCheckRun(filter) {
      return [...checkRuns]
        .reverse()
        .find(
          (r) =>
            (filter.name === undefined || r.name === filter.name) &&
            (filter.head_sha === undefined || r.head_sha === filter.head_sha) &&
            (filter.owner === undefined || r.owner === filter.owner) &&
            (filter.repo === undefined || r.repo === filter.repo),
        );
    },
    contextsFor(owner, repo, sha) {
      const runs = checkRuns
        .filter((r) => r.owner === owner && r.repo === repo && r.head_sha === sha)
        .reverse();
      return newestPerName(runs).map((r) => ({
        context: r.name,
        state: r.status === 'completed' ? (r.conclusion ?? 'failure') : 'pending',
      }));
    },
    register(routes) {
      routes
        .add('POST', '/repos/:owner/:repo/check-runs', (ctx) => {
          const run = create(ctx.params.owner ?? '', ctx.params.repo ?? '', ctx.body as Body, 'create');
          return { status: 201, body: json(run) };
        })
        .add('GET', '/repos/:owner/:repo/check-runs/:check_run_id', (ctx) => {
          const run = find(ctx);
          return run ? conditional(ctx, json(run)) : NOT_FOUND;
        })
        .add('PATCH', '/repos/:owner/:repo/check-runs/:check_run_id', (ctx) => {
          const run = find(ctx);
          if (!run) return NOT_FOUND;
          const added = apply(run, ctx.body as Body);
          run.history.push(snapshot(run, 'update', added));
          return { status: 200, body: json(run) };
        })
        .add('GET', '/repos/:owner/:repo/check-runs/:check_run_id/annotations', (ctx) => {
          const run = find(ctx);
          if (!run) return NOT_FOUND;
          return conditional(
            ctx,
            page(run.annotations, ctx.query).map((a) => annotationJson(run, a)),
          );
        })
        .add('GET', '/repos/:owner/:repo/commits/:ref+/check-runs', (ctx) => {
          const name = ctx.query.get('check_name');
          const status = ctx.query.get('status');
          // GitHub's default `filter=latest` keeps the most recent run of each name.
          const latest = (ctx.query.get('filter') ?? 'latest') === 'latest';
          const matching = checkRuns
            .filter((r) => r.owner === ctx.params.owner && r.repo === ctx.params.repo)
            .filter((r) => r.head_sha === ctx.params.ref)
            .filter((r) => name === null || r.name === name)
            .filter((r) => status === null || r.status === status)
            .reverse();
          const list = latest ? newestPerName(matching) : matching;
          return conditional(ctx, { total_count: list.length, check_runs: page(list, ctx.query).map(json) });
        });
    },
  };
}
