import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';

// The quick-start workflows in examples/workflows/ are what users copy into .github/workflows/. Each must be
// a workflow GitHub accepts, pass only inputs the action has, follow the README's advice (job permissions, a
// timeout, secrets never in a shell command line), and be shown verbatim in docs/triggers.md (the README's
// Quick start shows the recommended one) — or, for a monitor workflow (`…/monitor@…`), in docs/monitor.md. This repository's own workflows (.github/workflows/) are held to
// the same rules, and the self-test among them runs the action itself (`uses: ./`).
const root = join(import.meta.dirname, '../..');
const dir = join(root, 'examples/workflows');
const ymlFiles = (folder: string) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.yml'))
    .sort();
const files = ymlFiles(dir);
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const triggersPage = readFileSync(join(root, 'docs/triggers.md'), 'utf8');
const monitorPage = readFileSync(join(root, 'docs/monitor.md'), 'utf8');
const ownDir = join(root, '.github/workflows');
const ownFiles = ymlFiles(ownDir);

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Job = {
  'runs-on'?: unknown;
  permissions?: unknown;
  'timeout-minutes'?: unknown;
  steps?: Step[];
};
type Workflow = {
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs?: Record<string, Job>;
};

/** This action (`owner/deployment-health-gate@ref`) or one of its sub-actions (`…/monitor@ref`): its folder. */
const OUR_ACTION = /^[\w.-]+\/deployment-health-gate(?:\/([\w./-]+))?@[\w.-]+$/;
/** This action from the repository's own checkout (`./`, or a sub-action `./monitor`): its folder. */
const LOCAL_ACTION = /^\.\/([\w./-]*)$/;

function actionInputs(folder: string | undefined): string[] {
  const file = join(root, folder ?? '', 'action.yml');
  expect(existsSync(file), `${file} exists`).toBe(true);
  const action = parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, unknown> };
  return Object.keys(action.inputs ?? {});
}

function load(name: string, folder = dir): Workflow {
  const document = parseDocument(readFileSync(join(folder, name), 'utf8'), { uniqueKeys: true });
  expect(document.errors.map(String)).toEqual([]);
  expect(document.warnings.map(String)).toEqual([]);
  return document.toJS() as Workflow;
}

/** The trigger names of `on:` (a string, a list or a map). */
function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys((on ?? {}) as Record<string, unknown>);
}

/** This action's folder when `uses` names it (published or from the checkout), else undefined. */
function ourAction(uses: string | undefined): { folder: string | undefined } | undefined {
  const published = OUR_ACTION.exec(uses ?? '');
  if (published) return { folder: published[1] };
  const local = LOCAL_ACTION.exec(uses ?? '');
  return local ? { folder: local[1] || undefined } : undefined;
}

/** The rules every workflow here follows, whether users copy it or this repository runs it. */
function workflowRules(folder: string, name: string): void {
  const text = readFileSync(join(folder, name), 'utf8');

  it('parses as a workflow: triggers, no default permissions, jobs', () => {
    const workflow = load(name, folder);
    expect(triggers(workflow.on).length).toBeGreaterThan(0);
    // Least privilege: nothing at the top, each job asks for what it needs.
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0);
  });

  it('gives every job a runner, its own permissions and a timeout', () => {
    for (const [id, job] of Object.entries(load(name, folder).jobs ?? {})) {
      expect(job['runs-on'], `${id}: runs-on`).toBeTruthy();
      expect(typeof job.permissions === 'object' && job.permissions !== null, `${id}: permissions`).toBe(
        true,
      );
      const timeout = job['timeout-minutes'];
      expect(typeof timeout === 'number' && timeout > 0 && timeout <= 360, `${id}: timeout-minutes`).toBe(
        true,
      );
      expect(job.steps?.length, `${id}: steps`).toBeGreaterThan(0);
    }
  });

  it('passes this action only inputs it has, and the permissions its reports need', () => {
    for (const [id, job] of Object.entries(load(name, folder).jobs ?? {})) {
      for (const step of job.steps ?? []) {
        const ours = ourAction(step.uses);
        if (!ours) continue;
        const inputs = actionInputs(ours.folder);
        const unknown = Object.keys(step.with ?? {}).filter((key) => !inputs.includes(key));
        expect(unknown, `${id}: inputs not in action.yml`).toEqual([]);
        if (ours.folder === 'monitor') {
          // The default history is a data branch; the default incidents are issues.
          const history = String(step.with?.history ?? 'branch:');
          if (history.startsWith('branch:')) {
            expect(job.permissions, `${id}: contents: write for the history`).toMatchObject({
              contents: 'write',
            });
          }
          if (step.with?.incidents !== 'none') {
            expect(job.permissions, `${id}: issues: write for incidents`).toMatchObject({ issues: 'write' });
          }
          continue;
        }
        // The default `report` writes a check run and a deployment status.
        if (step.with?.report === undefined) {
          expect(job.permissions, `${id}: permissions for the default reports`).toMatchObject({
            checks: 'write',
            deployments: 'write',
          });
        }
      }
    }
  });

  it('keeps secrets out of shell command lines, and refers only to inputs and steps that exist', () => {
    const workflow = load(name, folder);
    const declared = Object.keys(
      ((workflow.on as { workflow_dispatch?: { inputs?: Record<string, unknown> } })?.workflow_dispatch
        ?.inputs ?? {}) as Record<string, unknown>,
    );
    for (const match of text.matchAll(/\$\{\{\s*inputs\.([\w-]+)/g)) {
      expect(declared, `inputs.${match[1]}`).toContain(match[1]);
    }
    for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
      const earlier: string[] = [];
      for (const step of job.steps ?? []) {
        // A secret expanded into a script ends up in the command line (and in `set -x` output): use env.
        expect(step.run ?? '', `${id}: secrets in run`).not.toMatch(/\$\{\{\s*secrets\./);
        for (const match of JSON.stringify(step).matchAll(
          /steps\.([\w-]+)\.(?:outputs|outcome|conclusion)/g,
        )) {
          expect(earlier, `${id}: steps.${match[1]}`).toContain(match[1]);
        }
        if (step.id) earlier.push(step.id);
      }
    }
  });
}

/** How many steps of the workflow run this action. */
function usesOfOurs(folder: string, name: string): number {
  return Object.values(load(name, folder).jobs ?? {})
    .flatMap((job) => job.steps ?? [])
    .filter((step) => ourAction(step.uses) !== undefined).length;
}

/** Whether the workflow runs the monitor (`…/deployment-health-gate/monitor@…` or `./monitor`). */
function runsMonitor(folder: string, name: string): boolean {
  return Object.values(load(name, folder).jobs ?? {})
    .flatMap((job) => job.steps ?? [])
    .some((step) => ourAction(step.uses)?.folder === 'monitor');
}

/** The ```yaml blocks of a Markdown text. */
const yamlBlocks = (markdown: string) => [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

const monitorFiles = files.filter((name) => runsMonitor(dir, name));
const gateFiles = files.filter((name) => !monitorFiles.includes(name));

describe('examples/workflows', () => {
  it('has one workflow for each quick-start trigger', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    const all = new Set(files.flatMap((name) => triggers(load(name).on)));
    for (const trigger of [
      'deployment_status',
      'repository_dispatch',
      'push',
      'workflow_dispatch',
      'schedule',
    ]) {
      expect(all, trigger).toContain(trigger);
    }
  });

  describe.each(files)('%s', (name) => {
    const text = readFileSync(join(dir, name), 'utf8');

    workflowRules(dir, name);

    it('runs this action', () => {
      expect(usesOfOurs(dir, name)).toBeGreaterThan(0);
    });

    const [pageName, page] = monitorFiles.includes(name)
      ? ['docs/monitor.md', monitorPage]
      : ['docs/triggers.md', triggersPage];

    it(`is shown verbatim in its page (triggers.md, or monitor.md for the monitor), with a link to the file`, () => {
      // Booleans, not toContain: a mismatch names the file instead of printing the whole page.
      const fix = `make the block in ${pageName} and examples/workflows/${name} the same`;
      expect(page.includes(`\`\`\`yaml\n${text}\`\`\``), fix).toBe(true);
      expect(page.includes(`](../examples/workflows/${name})`), `link ../examples/workflows/${name}`).toBe(
        true,
      );
    });
  });

  it('has a monitor workflow: every few minutes and by hand, one at a time, never cancelled mid-write', () => {
    expect(monitorFiles.length).toBeGreaterThan(0);
    for (const name of monitorFiles) {
      const workflow = load(name);
      expect(triggers(workflow.on), name).toEqual(expect.arrayContaining(['schedule', 'workflow_dispatch']));
      expect(workflow.concurrency, name).toMatchObject({ 'cancel-in-progress': false });
      expect(typeof (workflow.concurrency as { group?: unknown }).group, `${name}: concurrency group`).toBe(
        'string',
      );
    }
  });

  it('every workflow in docs/triggers.md is one of these files, and each gate workflow is there', () => {
    const blocks = yamlBlocks(triggersPage);
    const texts = gateFiles.map((name) => readFileSync(join(dir, name), 'utf8'));
    expect(blocks.length).toBe(gateFiles.length);
    const strays = blocks.filter((block) => !texts.includes(block ?? '')).map((b) => b?.split('\n')[0]);
    expect(strays, 'docs/triggers.md workflows that are no file in examples/workflows/').toEqual([]);
  });

  it('every workflow in the README Quick start is one of these files, shown with a link to it', () => {
    const quickStart = readme.slice(
      readme.indexOf('## Quick start'),
      readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1),
    );
    const blocks = yamlBlocks(quickStart);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const name = files.find((file) => readFileSync(join(dir, file), 'utf8') === block);
      expect(
        name,
        `README workflow that is no file in examples/workflows/: ${block?.split('\n')[0]}`,
      ).toBeDefined();
      expect(readme.includes(`](examples/workflows/${name})`), `link examples/workflows/${name}`).toBe(true);
    }
  });
});

describe('.github/workflows', () => {
  describe.each(ownFiles)('%s', (name) => {
    workflowRules(ownDir, name);

    it('pins every third-party action to a full commit SHA', () => {
      for (const [id, job] of Object.entries(load(name, ownDir).jobs ?? {})) {
        for (const step of job.steps ?? []) {
          if (!step.uses || step.uses.startsWith('./')) continue;
          expect(step.uses, `${id}: ${step.uses}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        }
      }
    });
  });

  it('has a self-test that runs the action from the checkout (uses: ./) on every push', () => {
    const selfTests = ownFiles.filter(
      (name) => usesOfOurs(ownDir, name) > 0 && triggers(load(name, ownDir).on).includes('push'),
    );
    expect(selfTests).toEqual(['self-test.yml']);
    const text = readFileSync(join(ownDir, 'self-test.yml'), 'utf8');
    // The simulated world is started first, and the action is pointed at it.
    expect(text).toContain('npm run world');
    expect(text).toContain('steps.world.outputs.vercel-api-url');
  });
});
