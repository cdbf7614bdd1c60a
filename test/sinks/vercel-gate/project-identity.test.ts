import { describe, expect, it } from 'vitest';
import { distinctProjects } from '../../../src/gate/distinct-projects.js';
import { settingsPerProject } from '../../../src/settings/per-project.js';
import {
  ready,
  resolveThroughVercel,
  SHA,
  settingsFrom,
  stopped,
  useVercelSim,
  VERCEL_TOKEN,
} from '../../resolve/harness.js';

// Which project a deployment and a `vercel-project` line are: the deployment named by hand must be the named
// project's (item 7), and lines naming one project run one gate (item 9).

const { sim, h } = useVercelSim({ token: VERCEL_TOKEN });

describe('a deployment named by hand belongs to `vercel-project`', () => {
  it('a `dpl_…` of another project stops with `config`, naming both projects', async () => {
    const web = sim.addProject({ name: 'web' });
    const docs = sim.addDeployment({ project: 'docs', sha: SHA, target: 'production' });
    const outcome = stopped(await resolveThroughVercel({ sim, h }, { 'deployment-url': docs.id }));
    expect(outcome.reason).toBe('config');
    expect(outcome.message).toContain(
      `\`deployment-url\` names deployment ${docs.id} of Vercel project docs (${docs.project.id}), but ` +
        `\`vercel-project\` is web (${web.id})`,
    );
    expect(outcome.message).toContain('set `vercel-project: docs`');
  });

  it('names a project Vercel does not know as such', async () => {
    const docs = sim.addDeployment({ project: 'docs', sha: SHA });
    const outcome = stopped(
      await resolveThroughVercel({ sim, h }, { 'deployment-url': docs.id, 'vercel-project': 'nope' }),
    );
    expect(outcome.reason).toBe('config');
    expect(outcome.message).toMatch(/`vercel-project` is `nope`, which Vercel does not know in this scope/);
  });

  it.each([
    ['its name', (d: { project: { name: string } }) => d.project.name],
    ['its name in another case', () => 'WEB'],
    ['its id', (d: { project: { id: string } }) => d.project.id],
  ])('accepts the project by %s, without asking Vercel about the project', async (_, line) => {
    const d = sim.addDeployment({ project: 'web', sha: SHA });
    const outcome = ready(
      await resolveThroughVercel({ sim, h }, { 'deployment-url': d.id, 'vercel-project': line(d) }),
    );
    expect(outcome.deployment.id).toBe(d.id);
    expect(sim.requestCount({ path: '/v9/projects/' })).toBe(0);
  });

  it('retries a Vercel that fails reading the project, then decides', async () => {
    sim.addProject({ name: 'web' });
    const docs = sim.addDeployment({ project: 'docs', sha: SHA });
    sim.failNext(2, { status: 502, path: '/v9/projects/web' });
    const outcome = stopped(await resolveThroughVercel({ sim, h }, { 'deployment-url': docs.id }));
    expect(outcome.reason).toBe('config');
    expect(sim.requestCount({ path: '/v9/projects/web' })).toBe(3);
  });
});

describe('one gate per distinct project', () => {
  const targetsOf = (lines: string, inputs: Record<string, string> = {}) =>
    settingsPerProject(settingsFrom({ 'vercel-project': lines, ...inputs }));

  it('with a token: a name, its id and another case are one project; the first line names the gate', async () => {
    const web = sim.addProject({ name: 'web' });
    sim.addProject({ name: 'docs' });
    const targets = targetsOf(`web\n${web.id}\ndocs\nWeb`, {
      'vercel-token': VERCEL_TOKEN,
      'vercel-api-url': sim.url,
    });
    const kept = await distinctProjects(targets, h.deps);
    expect(kept.map((t) => [t.vercel.project, t.checkName])).toEqual([
      ['web', 'Deployment health (web)'],
      ['docs', 'Deployment health (docs)'],
    ]);
    const warnings = h.deps.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toEqual([
      `\`vercel-project\` lines \`web\`, \`${web.id}\`, \`Web\` name the same Vercel project web (${web.id}): ` +
        'it is checked once, as `web`. Name each project once.',
    ]);
  });

  it('a line Vercel does not resolve is compared by name with the names Vercel gave', async () => {
    sim.addProject({ name: 'web' });
    sim.failNext(4, { status: 500, path: '/v9/projects/WEB' });
    const kept = await distinctProjects(
      targetsOf('web\nWEB', { 'vercel-token': VERCEL_TOKEN, 'vercel-api-url': sim.url }),
      h.deps,
    );
    expect(kept.map((t) => t.vercel.project)).toEqual(['web']);
  });

  it('without a token: compared without case, and no request', async () => {
    const kept = await distinctProjects(targetsOf('web, Web, docs'), h.deps);
    expect(kept.map((t) => t.vercel.project)).toEqual(['web', 'docs']);
    expect(sim.requests).toEqual([]);
    expect(h.deps.logger.lines.find((l) => l.level === 'warning')?.message).toMatch(
      /lines `web`, `Web` name the same Vercel project \(compared without case/,
    );
  });

  it('distinct projects and a single line: untouched, and no request', async () => {
    const two = targetsOf('web\ndocs');
    expect(await distinctProjects(two, h.deps)).toEqual(two);
    const one = targetsOf('web', { 'vercel-token': VERCEL_TOKEN, 'vercel-api-url': sim.url });
    expect(await distinctProjects(one, h.deps)).toEqual(one);
    expect(sim.requests).toEqual([]);
  });
});
