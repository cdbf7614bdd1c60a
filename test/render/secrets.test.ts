import { describe, expect, it } from 'vitest';
import { annotationsFor } from '../../src/render/annotations.js';
import { renderConsole } from '../../src/render/console.js';
import { buildJsonReport } from '../../src/render/json-report.js';
import { outputsFor } from '../../src/render/outputs.js';
import { renderSummary } from '../../src/render/summary.js';
import { checkRunAnnotations } from '../../src/sinks/github/check-run-annotations.js';
import { finalOutput } from '../../src/sinks/github/check-run-output.js';
import { HEALTH_URL, SECRETS, secretRun } from '../support/runs.js';

const secretValues = Object.values(SECRETS);

/** Every text a run's reports produce, the JSON report as written to disk. */
function everything(): {
  summary: string;
  json: string;
  annotations: string;
  console: string;
  outputs: string;
  checkRun: string;
  checkRunAnnotations: string;
} {
  const run = secretRun();
  return {
    checkRun: JSON.stringify(finalOutput(run)),
    checkRunAnnotations: JSON.stringify(
      checkRunAnnotations(run, { path: '.github/workflows/gate.yml', startLine: 3 }),
    ),
    summary: renderSummary(run),
    json: JSON.stringify(buildJsonReport(run, { version: '1.0.0' }), null, 2),
    annotations: JSON.stringify(annotationsFor(run)),
    console: renderConsole(run).join('\n'),
    outputs: JSON.stringify(outputsFor(run, '/tmp/report.json')),
  };
}

describe('secrets in reports', () => {
  it('never prints a secret from any secret-bearing setting, even when remote text echoes it', () => {
    for (const [name, text] of Object.entries(everything())) {
      for (const secret of secretValues) {
        expect(text.includes(secret), `${name} contains ${secret}`).toBe(false);
        // Header values are secrets too, without their `Bearer ` prefix.
        expect(text.includes(secret.replace(/^Bearer /, '')), `${name} contains part of ${secret}`).toBe(
          false,
        );
      }
    }
  });

  it('masks the echoed secrets in place, so the report still reads', () => {
    const { summary, json, annotations, console, outputs } = everything();
    expect(summary).toContain('Bypass *** rejected');
    expect(console).toContain('stripe rejected key ***');
    expect(annotations).toContain('invalid token ***');
    const report = JSON.parse(json);
    expect(report.probe.url).toBe(
      'https://hemera-git-main-acme.vercel.app/api/health/deployment?x-vercel-protection-bypass=***',
    );
    expect(report.probe.samples[0].error).toBe('socket hang up (sent ***)');
    // The rules table, the checklist and the alerts output too.
    expect(summary).toContain('| 🚨 triggered | Leaky *** (`leaky_rule`) |');
    expect(summary).toContain(
      '- ❌ Required environment variables on Vercel (required) — Vercel answered 403 for token ***',
    );
    expect(summary).toContain('skipped: endpoint echoed "***"');
    expect(console).toContain(
      '  FAILED  [required] Required environment variables on Vercel: Vercel answered 403 for token ***',
    );
    expect(report.evaluation.rules[0].note).toBe(`sampled ${HEALTH_URL}?x-vercel-protection-bypass=***`);
    expect(JSON.parse(JSON.parse(outputs).alerts)[0].name).toBe('Leaky ***');
  });

  it('reports only whether secrets were given and the header names', () => {
    const report = JSON.parse(everything().json);
    expect(report.settings.vercel).toEqual({
      project: 'hemera',
      team: 'team_acme',
      apiUrl: 'https://api.vercel.com',
      tokenGiven: true,
    });
    expect(report.settings.headerNames).toEqual(['Authorization', 'X-Api-Key']);
    expect(report.settings.protectionBypassGiven).toBe(true);
    expect(report.settings.githubTokenGiven).toBe(true);
  });
});
