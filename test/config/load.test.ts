import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, STANDARD_RULE_IDS } from '../../src/config/index.js';

let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'health-config-'));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
  await writeFile(path.join(workspace, name), text);
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const CUSTOM =
  'rules:\n  - id: custom_alert\n    severity: info\n    condition: { metric: error_rate, operator: gt, threshold: 1 }\n';

describe('loadConfig', () => {
  it('uses only the defaults when no config file is given or present', async () => {
    const config = await loadConfig({ configPath: undefined, workspace });
    expect(config.file).toBeUndefined();
    expect(config.rules.map((r) => r.id)).toEqual(STANDARD_RULE_IDS);
    expect(config.checklist.dashboard).toBe('/admin/monitoring/deployment');
    expect(config.positions.size).toBe(0);
  });

  it('finds .github/deployment-health.yml, then .yaml, then .json', async () => {
    await write('.github/deployment-health.json', JSON.stringify({ defaults: false, rules: [] }));
    expect((await loadConfig({ configPath: undefined, workspace })).file).toBe(
      '.github/deployment-health.json',
    );
    await write('.github/deployment-health.yaml', CUSTOM);
    expect((await loadConfig({ configPath: undefined, workspace })).file).toBe(
      '.github/deployment-health.yaml',
    );
    await write('.github/deployment-health.yml', 'defaults: false\n');
    const config = await loadConfig({ configPath: undefined, workspace });
    expect(config.file).toBe('.github/deployment-health.yml');
    expect(config.rules).toEqual([]);
  });

  it('reads a given path relative to the workspace and names it so in problems', async () => {
    await write('ci/health.yml', CUSTOM);
    const config = await loadConfig({ configPath: 'ci/health.yml', workspace });
    expect(config.file).toBe('ci/health.yml');
    expect(config.positions.get('rule:custom_alert')).toEqual({ line: 2, column: 5 });

    await write(
      'ci/broken.json',
      '{\n  "rules": [\n    { "id": "error_rate_spike", "severity": "major" }\n  ]\n}\n',
    );
    const error = await rejection(loadConfig({ configPath: './ci/broken.json', workspace }));
    expect(error.problems).toEqual([
      'ci/broken.json:3:45 rules[0].severity: "major" is not a severity; use critical, warning or info (did you mean "critical"?)',
    ]);
  });

  it('reads an absolute path inside the workspace as workspace-relative', async () => {
    await write('.github/deployment-health.yml', CUSTOM);
    const config = await loadConfig({
      configPath: path.join(workspace, '.github/deployment-health.yml'),
      workspace,
    });
    expect(config.file).toBe('.github/deployment-health.yml');
  });

  it('fails with the path and the workspace when a given file does not exist', async () => {
    await write('.github/deployment-health.yml', CUSTOM);
    const error = await rejection(loadConfig({ configPath: '.github/deployment-healht.yml', workspace }));
    expect(error.problems).toEqual([
      `.github/deployment-healht.yml: no such file in the workspace ${workspace}; check the \`config\` input (a path relative to the repository root) and that actions/checkout ran before this step`,
    ]);
    expect(error.message).toMatch(/^The config file was not found:\n- \.github\/deployment-healht\.yml/);
  });

  it('fails as a ConfigError when the given path is a directory', async () => {
    await mkdir(path.join(workspace, '.github'), { recursive: true });
    const error = await rejection(loadConfig({ configPath: '.github', workspace }));
    expect(error.problems[0]).toMatch(/^\.github: no such file in the workspace/);
  });

  it('reports the problems of a found file with its name', async () => {
    await write(
      '.github/deployment-health.yml',
      'rules:\n  - id: high_response_time\n    severity: warnig\n',
    );
    const error = await rejection(loadConfig({ configPath: undefined, workspace }));
    expect(error.problems).toEqual([
      '.github/deployment-health.yml:3:15 rules[0].severity: "warnig" is not a severity; use critical, warning or info (did you mean "warning"?)',
    ]);
  });

  it('ignores a byte-order mark', async () => {
    await write('.github/deployment-health.yml', `\uFEFF${CUSTOM}`);
    const config = await loadConfig({ configPath: undefined, workspace });
    expect(config.rules.at(-1)?.id).toBe('custom_alert');
  });
});
