import { describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';
import { HEALTH_PATH } from '../world/sample-app.js';

// What the job log looks like when the app is enormous or a header is tiny: every line stays readable, and
// the runner's mask list holds secrets only.
const world = useWorld({
  afterEach: (world) => {
    world.app.route(HEALTH_PATH, undefined);
  },
});

describe('the job log', () => {
  it('caps every line, even a debug line about thousands of services', async () => {
    const services = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [
        `service_${i}`,
        { name: `Service ${i}`, status: 'warn', responseTime: i % 97, details: { note: `detail ${i}` } },
      ]),
    );
    world.app.route(HEALTH_PATH, {
      status: 206,
      body: {
        timestamp: new Date().toISOString(),
        services,
        summary: {
          overallStatus: 'degraded',
          totalChecks: 5000,
          passedChecks: 0,
          failedChecks: 0,
          warningChecks: 5000,
        },
      },
    });
    const run = await runBundle({
      inputs: { 'deployment-url': world.app.url, 'health-timeout': '5s' },
      env: { ...world.runnerEnv(), RUNNER_DEBUG: '1' },
    });
    expect(run.outputs.status).toBe('degraded');
    const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/);
    const longest = Math.max(...lines.map((line) => line.length));
    // 4,096 characters of text, plus what the runner's own escaping (`%25`, `%0A`) and a command prefix add.
    expect(longest).toBeLessThan(6000);
    expect(run.stdout).toContain('more characters cut]');
  });

  it('masks header values long enough to be secrets, and says why it leaves a short one', async () => {
    const run = await runBundle({
      inputs: {
        'deployment-url': world.app.url,
        'health-timeout': '5s',
        headers: 'X-Env: 1\nX-Api-Key: header-secret-0123',
      },
      env: world.runnerEnv(),
    });
    expect(run.outputs.status).toBe('healthy');
    const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toContain('::add-mask::header-secret-0123');
    expect(masks).not.toContain('::add-mask::1');
    expect(run.stdout).toMatch(/Not masking the value of header "X-Env".*too short to be a secret/);
    // Both still reach the deployment.
    const sent = world.app.healthRequests().at(-1)?.headers;
    expect(sent?.['x-env']).toBe('1');
    expect(sent?.['x-api-key']).toBe('header-secret-0123');
  });
});
