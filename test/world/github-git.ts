import { createHash } from 'node:crypto';
import { conditional, type GitHubSimEnv, NOT_FOUND, timestamp } from './github-json.js';
import type { Reply, RouteContext, RouteTable } from './http-server.js';

/**
 * GitHub's Git Data API (a data branch written without a checkout), with real git object hashing: blob,
 * tree and commit SHAs are what `git hash-object` / `git mktree` / `git commit-tree` would give.
 *
 * Served (all under `/repos/{owner}/{repo}`; every GET has an `ETag` and answers 304 to `If-None-Match`):
 * - `POST /git/blobs` `{content, encoding: 'utf-8' | 'base64'}` → 201 `{sha, url}`.
 *   `GET /git/blobs/{sha}` → `{sha, node_id, size, url, content, encoding: 'base64'}`; the content is base64
 *   wrapped every 60 characters with a trailing newline, as GitHub sends it (`Buffer.from(x, 'base64')` copes).
 * - `POST /git/trees` `{base_tree?, tree: [{path, mode, type, sha | content}]}` → 201 `{sha, url, tree,
 *   truncated: false}` (top level only). Nested paths (`a/b/c.json`) create or replace inside subtrees of
 *   `base_tree`, keeping the rest; `sha: null` deletes (a path that does not exist: 422
 *   `GitRPC::BadObjectState`, the simulator's strict choice); subtrees left empty disappear, as in git.
 *   Neither or both of `sha`/`content`: 422 "Must supply either tree.sha or tree.content. …". Without
 *   `base_tree` the tree holds exactly the entries given.
 *   `GET /git/trees/{sha or branch}[?recursive=1]` (any `recursive` value recurses, as on GitHub) →
 *   `{sha, url, tree: [{path, mode, type, sha, size (blobs), url}], truncated: false}`.
 * - `POST /git/commits` `{message, tree, parents?, author?, committer?}` → 201 commit (author defaults to
 *   `github-actions[bot]`, dates to now); 422 "Tree SHA does not exist" / "Parent SHA does not exist or is not
 *   a commit object". `GET /git/commits/{sha}` → the same shape, 404 when unknown.
 * - `GET /git/ref/heads/{branch}` (singular `ref`; 404 when missing), `GET /git/matching-refs/heads/{prefix}`,
 *   `POST /git/refs` `{ref: 'refs/heads/x', sha}` → 201 (422 "Reference already exists", "Object does not
 *   exist"), `PATCH /git/refs/heads/{branch}` `{sha, force?}` → 200: without `force` only a fast-forward
 *   (the old head is an ancestor of `sha`), else 422 "Update is not a fast forward"; `force: true` accepts any
 *   commit; 422 "Reference does not exist" for a missing branch. `DELETE /git/refs/heads/{branch}` → 204.
 *   (`GET /git/refs/...`, plural, is not an operation of GitHub's API: the simulator records a violation.)
 *
 * Every repository starts with `main` holding one commit with `README.md` (GitHub refuses Git Data writes to
 * an empty repository with 409, which the monitor never meets). Writes need `contents: write`
 * (`sim.denyPermission('contents')` → 403); reads need nothing.
 *
 * Test helpers (`sim.git`): `files(branch)`, `commits(branch)`, `head(branch)`, `setBranch(branch, files)`,
 * `commitFiles(branch, changes)`, `beforeNextRefUpdate(fn)` (a concurrent writer, for compare-and-swap
 * races), `reachableBytes(branch)` (the repository-growth measure).
 */

/** Which repository a helper means; acme/shop by default. */
export interface RepoSelector {
  owner?: string;
  repo?: string;
}

/** A commit as the simulator keeps it. */
export interface SimGitCommit {
  sha: string;
  message: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
}

/** A commit's author or committer; `date` is GitHub's ISO form (`2026-05-04T01:14:52Z`). */
export interface GitSignature {
  name: string;
  email: string;
  date: string;
}

/** What the hook of {@link GitTestApi.beforeNextRefUpdate} is told about the write about to happen. */
export interface RefUpdate {
  owner: string;
  repo: string;
  /** `refs/heads/history`. */
  ref: string;
  /** `heads/history` → `history`; undefined for refs outside `refs/heads/`. */
  branch: string | undefined;
  /** The commit the request wants the ref to point at. */
  sha: string;
  /** `update` for a PATCH, `create` for a POST /git/refs. */
  via: 'update' | 'create';
  force: boolean;
}

/** Test helpers over the simulated repositories' git data. */
export interface GitTestApi {
  /** path → UTF-8 content of every file at the branch head (empty when the branch does not exist). */
  files(branch: string, where?: RepoSelector): Map<string, string>;
  /** The branch's history along first parents, newest first (empty when the branch does not exist). */
  commits(branch: string, where?: RepoSelector): SimGitCommit[];
  /** The commit the branch points at, or undefined. */
  head(branch: string, where?: RepoSelector): string | undefined;
  /**
   * Points the branch at a new commit whose tree holds exactly `files` (parent: the current head, if any),
   * creating the branch when missing. Returns the commit SHA.
   */
  setBranch(
    branch: string,
    files: Record<string, string> | Map<string, string>,
    message?: string,
    where?: RepoSelector,
  ): string;
  /**
   * Commits on top of the branch head (which must exist): each path set to its content, or deleted with
   * `null`; the rest is kept. What another writer landing first looks like. Returns the commit SHA.
   */
  commitFiles(
    branch: string,
    changes: Record<string, string | null>,
    message?: string,
    where?: RepoSelector,
  ): string;
  /**
   * Runs `fn` once, just before the next ref write (PATCH or POST /git/refs) is judged and applied; what
   * `fn` does (e.g. `commitFiles`) is seen by that write, so a compare-and-swap loses the race.
   */
  beforeNextRefUpdate(fn: (update: RefUpdate) => void | Promise<void>): void;
  /**
   * The bytes of every object reachable from the branch head (all parents): blob contents plus trees and
   * commits as git serialises them (without the `type size\0` header). Each object counts once.
   */
  reachableBytes(branch: string, where?: RepoSelector): number;
  /** How many distinct objects are reachable from the branch head. */
  reachableObjects(branch: string, where?: RepoSelector): number;
}

/** The git store of one simulator and the routes that serve it. */
export interface GitStore {
  git: GitTestApi;
  register(routes: RouteTable): void;
}

type ObjectType = 'blob' | 'tree' | 'commit';
interface TreeEntry {
  name: string;
  /** `100644`, `100755`, `040000`, `160000`, `120000` (GitHub's spelling; git writes `40000`). */
  mode: string;
  type: ObjectType;
  sha: string;
}
type GitObject =
  | { type: 'blob'; data: Buffer; size: number }
  | { type: 'tree'; entries: TreeEntry[]; size: number }
  | ({ type: 'commit'; size: number } & Omit<SimGitCommit, 'sha'>);

interface Repo {
  objects: Map<string, GitObject>;
  /** Full ref name (`refs/heads/main`) → commit SHA. */
  refs: Map<string, string>;
}

/** A tree being edited: a subtree not yet touched stays an entry (loaded only when a path enters it). */
type Node = Map<string, TreeEntry | Node>;

/** A git data request GitHub refuses with 422 and this message. */
class GitError extends Error {}

const BOT: Omit<GitSignature, 'date'> = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};
const MODE_TYPE: Record<string, ObjectType> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

/** An empty git store; repositories appear (with `main`) when first used. */
export function createGitStore(env: GitHubSimEnv, defaults: { owner: string; repo: string }): GitStore {
  const repos = new Map<string, Repo>();
  const hooks: Array<(update: RefUpdate) => void | Promise<void>> = [];

  const repoOf = (owner: string, repo: string): Repo => {
    const key = `${owner}/${repo}`;
    let r = repos.get(key);
    if (!r) {
      r = { objects: new Map(), refs: new Map() };
      repos.set(key, r);
      const readme = writeBlob(r, Buffer.from(`# ${repo}\n`));
      const tree = writeTree(r, [{ name: 'README.md', mode: '100644', type: 'blob', sha: readme }]);
      const seedDate = { ...BOT, date: '2024-01-02T03:04:05Z' };
      const commit = writeCommit(r, {
        message: 'Initial commit',
        tree,
        parents: [],
        author: seedDate,
        committer: seedDate,
      });
      r.refs.set('refs/heads/main', commit);
    }
    return r;
  };
  const selected = (where: RepoSelector = {}) =>
    repoOf(where.owner ?? defaults.owner, where.repo ?? defaults.repo);

  // ---- the git object model --------------------------------------------------------------------------

  const store = (r: Repo, type: ObjectType, body: Buffer, object: GitObject): string => {
    const sha = createHash('sha1')
      .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
      .digest('hex');
    if (!r.objects.has(sha)) r.objects.set(sha, object);
    return sha;
  };

  const writeBlob = (r: Repo, data: Buffer) =>
    store(r, 'blob', data, { type: 'blob', data, size: data.length });

  const writeTree = (r: Repo, entries: TreeEntry[]): string => {
    const sorted = [...entries].sort(gitTreeOrder);
    const body = Buffer.concat(
      sorted.flatMap((e) => [
        Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`),
        Buffer.from(e.sha, 'hex'),
      ]),
    );
    return store(r, 'tree', body, { type: 'tree', entries: sorted, size: body.length });
  };

  const writeCommit = (r: Repo, c: Omit<SimGitCommit, 'sha'>): string => {
    const line = (s: GitSignature) => `${s.name} <${s.email}> ${Math.floor(Date.parse(s.date) / 1000)} +0000`;
    const text =
      `tree ${c.tree}\n` +
      c.parents.map((p) => `parent ${p}\n`).join('') +
      `author ${line(c.author)}\ncommitter ${line(c.committer)}\n\n${c.message}`;
    const body = Buffer.from(text);
    return store(r, 'commit', body, { type: 'commit', size: body.length, ...c });
  };

  const get = <T extends ObjectType>(r: Repo, sha: unknown, type: T) => {
    const o = typeof sha === 'string' ? r.objects.get(sha.toLowerCase()) : undefined;
    return o?.type === type ? (o as Extract<GitObject, { type: T }>) : undefined;
  };

  const commitOf = (r: Repo, sha: string): SimGitCommit | undefined => {
    const c = get(r, sha, 'commit');
    return (
      c && {
        sha,
        message: c.message,
        tree: c.tree,
        parents: c.parents,
        author: c.author,
        committer: c.committer,
      }
    );
  };

  /** Whether `ancestor` is reachable from `sha` through parents (a commit is its own ancestor). */
  const isAncestor = (r: Repo, ancestor: string, sha: string): boolean => {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length) {
      const next = queue.pop() as string;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(get(r, next, 'commit')?.parents ?? []));
    }
    return false;
  };

  /** Applies the create-tree entries to `base` (or to nothing) and writes the result. */
  const buildTree = (r: Repo, base: string | undefined, items: Array<Record<string, unknown>>): string => {
    const load = (sha: string): Node => {
      const tree = get(r, sha, 'tree');
      if (!tree) throw new GitError('GitRPC::BadObjectState');
      return new Map(tree.entries.map((e) => [e.name, e]));
    };
    const root: Node = base === undefined ? new Map() : load(base);
    for (const item of items) {
      const path = String(item.path ?? '');
      if (path.startsWith('/')) throw new GitError('tree.path cannot start with a slash');
      const parts = path.split('/');
      if (parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git')) {
        throw new GitError('tree.path contains a malformed path component');
      }
      const hasSha = 'sha' in item;
      const hasContent = typeof item.content === 'string';
      if (hasSha === hasContent) {
        throw new GitError(
          'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
        );
      }
      const mode = String(item.mode ?? '');
      const type = item.type as ObjectType | undefined;
      if (MODE_TYPE[mode] !== type || (hasContent && type !== 'blob')) {
        throw new GitError('Invalid tree info');
      }
      const leaf = parts.pop() as string;
      let node = root;
      for (const part of parts) {
        const child = node.get(part);
        if (child instanceof Map) {
          node = child;
          continue;
        }
        if (child?.type === 'tree') {
          const loaded = load(child.sha);
          node.set(part, loaded);
          node = loaded;
          continue;
        }
        if (item.sha === null) throw new GitError('GitRPC::BadObjectState');
        // A missing directory is created; a file in the way is replaced by the directory.
        const created: Node = new Map();
        node.set(part, created);
        node = created;
      }
      if (item.sha === null) {
        if (!node.has(leaf)) throw new GitError('GitRPC::BadObjectState');
        node.delete(leaf);
        continue;
      }
      let sha: string;
      if (hasContent) {
        sha = writeBlob(r, Buffer.from(String(item.content), 'utf8'));
      } else {
        sha = String(item.sha).toLowerCase();
        // Submodule entries point at commits in other repositories; the rest must exist here.
        if (type !== 'commit' && !get(r, sha, type as ObjectType)) {
          throw new GitError('GitRPC::BadObjectState');
        }
      }
      node.set(leaf, { name: leaf, mode, type: type as ObjectType, sha });
    }
    return writeNode(r, root) ?? writeTree(r, []);
  };

  /** Writes an edited tree bottom-up; an empty subtree is dropped (git cannot hold one). */
  const writeNode = (r: Repo, node: Node): string | undefined => {
    const entries: TreeEntry[] = [];
    for (const [name, child] of node) {
      if (child instanceof Map) {
        const sha = writeNode(r, child);
        if (sha) entries.push({ name, mode: '040000', type: 'tree', sha });
      } else {
        entries.push(child);
      }
    }
    return entries.length ? writeTree(r, entries) : undefined;
  };

  /** Every blob under a tree, with its full path. */
  const walk = (r: Repo, treeSha: string, prefix = ''): Array<TreeEntry & { path: string }> => {
    const out: Array<TreeEntry & { path: string }> = [];
    for (const e of get(r, treeSha, 'tree')?.entries ?? []) {
      const path = prefix + e.name;
      out.push({ ...e, path });
      if (e.type === 'tree') out.push(...walk(r, e.sha, `${path}/`));
    }
    return out;
  };

  const reachable = (r: Repo, head: string | undefined): Set<string> => {
    const seen = new Set<string>();
    const visit = (sha: string) => {
      if (seen.has(sha)) return;
      const o = r.objects.get(sha);
      if (!o) return;
      seen.add(sha);
      if (o.type === 'commit') {
        visit(o.tree);
        for (const p of o.parents) visit(p);
      } else if (o.type === 'tree') {
        for (const e of o.entries) if (e.type !== 'commit') visit(e.sha);
      }
    };
    if (head) visit(head);
    return seen;
  };

  const signature = (value: unknown, fallback: GitSignature): GitSignature => {
    const v = (value ?? {}) as Partial<GitSignature>;
    if (typeof v.name !== 'string' || typeof v.email !== 'string') return fallback;
    return {
      name: v.name,
      email: v.email,
      date: typeof v.date === 'string' ? timestamp(Date.parse(v.date)) : fallback.date,
    };
  };

  // ---- JSON as GitHub sends it -----------------------------------------------------------------------

  const api = (ctx: RouteContext) => `${env.base()}/repos/${ctx.params.owner}/${ctx.params.repo}`;

  const entryJson = (r: Repo, base: string, e: TreeEntry & { path?: string }) => ({
    path: e.path ?? e.name,
    mode: e.mode,
    type: e.type,
    sha: e.sha,
    ...(e.type === 'blob' ? { size: get(r, e.sha, 'blob')?.size ?? 0 } : {}),
    ...(e.type === 'commit' ? {} : { url: `${base}/git/${e.type}s/${e.sha}` }),
  });

  const treeJson = (r: Repo, base: string, sha: string, recursive: boolean) => ({
    sha,
    url: `${base}/git/trees/${sha}`,
    tree: (recursive ? walk(r, sha) : (get(r, sha, 'tree')?.entries ?? [])).map((e) => entryJson(r, base, e)),
    truncated: false,
  });

  const commitJson = (ctx: RouteContext, c: SimGitCommit) => {
    const base = api(ctx);
    const web = `https://github.com/${ctx.params.owner}/${ctx.params.repo}`;
    return {
      sha: c.sha,
      node_id: `C_${c.sha.slice(0, 20)}`,
      url: `${base}/git/commits/${c.sha}`,
      html_url: `${web}/commit/${c.sha}`,
      author: c.author,
      committer: c.committer,
      tree: { sha: c.tree, url: `${base}/git/trees/${c.tree}` },
      message: c.message,
      parents: c.parents.map((p) => ({
        sha: p,
        url: `${base}/git/commits/${p}`,
        html_url: `${web}/commit/${p}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  };

  const refJson = (ctx: RouteContext, ref: string, sha: string) => {
    const base = api(ctx);
    return {
      ref,
      node_id: `REF_${createHash('sha1').update(`${base} ${ref}`).digest('hex').slice(0, 16)}`,
      url: `${base}/git/${ref}`,
      object: { sha, type: 'commit', url: `${base}/git/commits/${sha}` },
    };
  };

  const refused = (message: string, status = 422): Reply => ({
    status,
    body: { message, documentation_url: 'https://docs.github.com/rest/git', status: String(status) },
  });

  const runHook = async (update: RefUpdate) => {
    const hook = hooks.shift();
    if (hook) await hook(update);
  };

  const body = (ctx: RouteContext) => (ctx.body ?? {}) as Record<string, unknown>;
  const repoFor = (ctx: RouteContext) => repoOf(ctx.params.owner ?? '', ctx.params.repo ?? '');
  const branchOf = (ref: string) =>
    ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;

  /** Turns a GitError thrown by the model into GitHub's 422. */
  const answering = (fn: (ctx: RouteContext) => Reply | Promise<Reply>) => async (ctx: RouteContext) => {
    try {
      return await fn(ctx);
    } catch (error) {
      if (error instanceof GitError) return refused(error.message);
      throw error;
    }
  };

  // ---- helpers for tests -----------------------------------------------------------------------------

  const headOf = (r: Repo, branch: string) => r.refs.get(`refs/heads/${branch}`);

  const git: GitTestApi = {
    files(branch, where) {
      const r = selected(where);
      const head = headOf(r, branch);
      const files = new Map<string, string>();
      if (!head) return files;
      for (const e of walk(r, commitOf(r, head)?.tree ?? '')) {
        if (e.type === 'blob') files.set(e.path, get(r, e.sha, 'blob')?.data.toString('utf8') ?? '');
      }
      return files;
    },
    commits(branch, where) {
      const r = selected(where);
      const chain: SimGitCommit[] = [];
      let sha = headOf(r, branch);
      while (sha) {
        const c = commitOf(r, sha);
        if (!c) break;
        chain.push(c);
        sha = c.parents[0];
      }
      return chain;
    },
    head: (branch, where) => headOf(selected(where), branch),
    setBranch(branch, files, message = `Set ${branch}`, where) {
      const r = selected(where);
      const items = [...(files instanceof Map ? files : Object.entries(files))].map(([path, content]) => ({
        path,
        mode: '100644',
        type: 'blob',
        content,
      }));
      const tree = buildTree(r, undefined, items);
      const head = headOf(r, branch);
      const who = { ...BOT, date: timestamp() };
      const sha = writeCommit(r, { message, tree, parents: head ? [head] : [], author: who, committer: who });
      r.refs.set(`refs/heads/${branch}`, sha);
      return sha;
    },
    commitFiles(branch, changes, message = `Update ${branch}`, where) {
      const r = selected(where);
      const head = headOf(r, branch);
      const parent = head ? commitOf(r, head) : undefined;
      if (!head || !parent) throw new Error(`commitFiles: branch ${branch} does not exist`);
      const items = Object.entries(changes).map(([path, content]) =>
        content === null
          ? { path, mode: '100644', type: 'blob', sha: null }
          : { path, mode: '100644', type: 'blob', content },
      );
      const tree = buildTree(r, parent.tree, items);
      const who = { ...BOT, date: timestamp() };
      const sha = writeCommit(r, { message, tree, parents: [head], author: who, committer: who });
      r.refs.set(`refs/heads/${branch}`, sha);
      return sha;
    },
    beforeNextRefUpdate(fn) {
      hooks.push(fn);
    },
    reachableBytes(branch, where) {
      const r = selected(where);
      let total = 0;
      for (const sha of reachable(r, headOf(r, branch))) total += r.objects.get(sha)?.size ?? 0;
      return total;
    },
    reachableObjects(branch, where) {
      const r = selected(where);
      return reachable(r, headOf(r, branch)).size;
    },
  };

  return {
    git,
    register(routes) {
      routes
        .add(
          'POST',
          '/repos/:owner/:repo/git/blobs',
          answering((ctx) => {
            const b = body(ctx);
            const encoding = String(b.encoding ?? 'utf-8');
            if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
              throw new GitError(`encoding must be "utf-8" or "base64"; ${encoding} is not supported`);
            }
            const data = Buffer.from(String(b.content), encoding === 'base64' ? 'base64' : 'utf8');
            const sha = writeBlob(repoFor(ctx), data);
            return { status: 201, body: { sha, url: `${api(ctx)}/git/blobs/${sha}` } };
          }),
        )
        .add('GET', '/repos/:owner/:repo/git/blobs/:file_sha', (ctx) => {
          const sha = (ctx.params.file_sha ?? '').toLowerCase();
          const blob = get(repoFor(ctx), sha, 'blob');
          if (!blob) return NOT_FOUND;
          const base64 = blob.data.toString('base64');
          return conditional(ctx, {
            sha,
            node_id: `B_${sha.slice(0, 20)}`,
            size: blob.size,
            url: `${api(ctx)}/git/blobs/${sha}`,
            content: `${(base64.match(/.{1,60}/g) ?? []).join('\n')}\n`,
            encoding: 'base64',
          });
        })
        .add(
          'POST',
          '/repos/:owner/:repo/git/trees',
          answering((ctx) => {
            const b = body(ctx);
            const r = repoFor(ctx);
            const base = typeof b.base_tree === 'string' ? b.base_tree.toLowerCase() : undefined;
            const sha = buildTree(r, base, (b.tree ?? []) as Array<Record<string, unknown>>);
            return { status: 201, body: treeJson(r, api(ctx), sha, false) };
          }),
        )
        .add('GET', '/repos/:owner/:repo/git/trees/:tree_sha+', (ctx) => {
          const r = repoFor(ctx);
          const wanted = ctx.params.tree_sha ?? '';
          // GitHub takes a tree SHA, a commit SHA or a branch/tag name here.
          const byRef = r.refs.get(`refs/heads/${wanted}`) ?? r.refs.get(`refs/${wanted}`);
          const sha = byRef ?? wanted.toLowerCase();
          const tree = get(r, sha, 'tree') ? sha : get(r, sha, 'commit')?.tree;
          if (!tree) return NOT_FOUND;
          return conditional(ctx, treeJson(r, api(ctx), tree, ctx.query.has('recursive')));
        })
        .add(
          'POST',
          '/repos/:owner/:repo/git/commits',
          answering((ctx) => {
            const b = body(ctx);
            const r = repoFor(ctx);
            const tree = String(b.tree).toLowerCase();
            if (!get(r, tree, 'tree')) throw new GitError('Tree SHA does not exist');
            const parents = ((b.parents ?? []) as string[]).map((p) => p.toLowerCase());
            if (parents.some((p) => !get(r, p, 'commit'))) {
              throw new GitError('Parent SHA does not exist or is not a commit object');
            }
            const author = signature(b.author, { ...BOT, date: timestamp() });
            const committer = signature(b.committer, author);
            const message = String(b.message);
            const sha = writeCommit(r, { message, tree, parents, author, committer });
            return { status: 201, body: commitJson(ctx, commitOf(r, sha) as SimGitCommit) };
          }),
        )
        .add('GET', '/repos/:owner/:repo/git/commits/:commit_sha', (ctx) => {
          const c = commitOf(repoFor(ctx), (ctx.params.commit_sha ?? '').toLowerCase());
          return c ? conditional(ctx, commitJson(ctx, c)) : NOT_FOUND;
        })
        .add('GET', '/repos/:owner/:repo/git/ref/:ref+', (ctx) => {
          const ref = `refs/${ctx.params.ref}`;
          const sha = repoFor(ctx).refs.get(ref);
          return sha ? conditional(ctx, refJson(ctx, ref, sha)) : NOT_FOUND;
        })
        .add('GET', '/repos/:owner/:repo/git/matching-refs/:ref+', (ctx) => {
          const prefix = `refs/${ctx.params.ref}`;
          const list = [...repoFor(ctx).refs]
            .filter(([ref]) => ref.startsWith(prefix))
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([ref, sha]) => refJson(ctx, ref, sha));
          return conditional(ctx, list);
        })
        .add(
          'POST',
          '/repos/:owner/:repo/git/refs',
          answering(async (ctx) => {
            const b = body(ctx);
            const ref = String(b.ref);
            const sha = String(b.sha).toLowerCase();
            const owner = ctx.params.owner ?? '';
            const repo = ctx.params.repo ?? '';
            await runHook({ owner, repo, ref, branch: branchOf(ref), sha, via: 'create', force: false });
            if (!ref.startsWith('refs/') || ref.split('/').length < 3 || ref.split('/').includes('')) {
              throw new GitError("Reference name must start with 'refs/' and have at least two slashes.");
            }
            const r = repoFor(ctx);
            if (r.refs.has(ref)) throw new GitError('Reference already exists');
            if (!r.objects.has(sha)) throw new GitError('Object does not exist');
            r.refs.set(ref, sha);
            return { status: 201, body: refJson(ctx, ref, sha) };
          }),
        )
        .add(
          'PATCH',
          '/repos/:owner/:repo/git/refs/:ref+',
          answering(async (ctx) => {
            const b = body(ctx);
            const ref = `refs/${ctx.params.ref}`;
            const sha = String(b.sha).toLowerCase();
            const force = b.force === true;
            const owner = ctx.params.owner ?? '';
            const repo = ctx.params.repo ?? '';
            await runHook({ owner, repo, ref, branch: branchOf(ref), sha, via: 'update', force });
            const r = repoFor(ctx);
            const current = r.refs.get(ref);
            if (!current) throw new GitError('Reference does not exist');
            if (!get(r, sha, 'commit')) throw new GitError('Object does not exist');
            if (!force && !isAncestor(r, current, sha)) throw new GitError('Update is not a fast forward');
            r.refs.set(ref, sha);
            return { status: 200, body: refJson(ctx, ref, sha) };
          }),
        )
        .add(
          'DELETE',
          '/repos/:owner/:repo/git/refs/:ref+',
          answering((ctx) => {
            const r = repoFor(ctx);
            if (!r.refs.delete(`refs/${ctx.params.ref}`)) throw new GitError('Reference does not exist');
            return { status: 204 };
          }),
        );
    },
  };
}

/** git's tree order: by bytes of the name, a subtree's name compared as if it ended in `/`. */
function gitTreeOrder(a: TreeEntry, b: TreeEntry): number {
  const key = (e: TreeEntry) => Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name);
  return Buffer.compare(key(a), key(b));
}
