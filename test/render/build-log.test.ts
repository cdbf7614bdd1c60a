import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/run-result.js';
import type { ResolveOutcome } from '../../src/model/types.js';
import { BUILD_LOG_TITLE, fenceFor } from '../../src/render/build-log-section.js';
import { renderConsole } from '../../src/render/console.js';
import { fitWithin } from '../../src/render/fit-within.js';
import { buildJsonReport } from '../../src/render/json-report.js';
import { kept, keptWhole, renderBuildLog, renderSummary } from '../../src/render/summary.js';
import { CHECK_OUTPUT_LIMIT, finalOutput } from '../../src/sinks/github/check-run-output.js';
import {
  BUILD_ERROR_MESSAGE,
  buildErrorRun,
  documentOf,
  healthyRun,
  INSPECTOR_URL,
  makeRun,
  SECRETS,
  sample,
  service,
} from '../support/runs.js';

/** A failed build's tail as the resolver hands it over: a secret echoed, fences and workflow commands in it. */
const LOG = [
  ...Array.from({ length: 24 }, (_, i) => `   Compiling route ${i + 1}/24`),
  `env: VERCEL_AUTOMATION_BYPASS_SECRET=${SECRETS.bypass}`,
  'Failed to compile. ``` (a fence) ```',
  '````````',
  '::set-output name=status::healthy',
  '<img src=x onerror=alert(1)> | table | [link](https://evil.example)',
  'Error: Command "npm run build" exited with 1',
];

function failedBuildRun(buildLog: string[] = LOG, extra: Partial<RunResult> = {}): RunResult {
  // The fixture's settings hold no secrets; these do, so masking has something to mask.
  const { settings: _plain, ...base } = buildErrorRun();
  const resolve = base.resolve as Extract<ResolveOutcome, { kind: 'stopped' }>;
  return makeRun({
    ...base,
    inputs: { 'protection-bypass': SECRETS.bypass, 'vercel-token': SECRETS.vercelToken },
    resolve: { ...resolve, buildLog },
    ...extra,
  });
}

/**
 * The lines inside the block titled "Last lines of the build output", read as CommonMark reads a fenced
 * block: it closes at the first line of only backticks at least as long as the opening fence.
 */
function blockLines(markdown: string): { inside: string[]; closed: boolean } {
  const lines = markdown.split('\n');
  const title = lines.indexOf(`### ${BUILD_LOG_TITLE}`);
  const open = lines.findIndex((line, i) => i > title && /^`{3,}text$/.test(line));
  if (title < 0 || open < 0) return { inside: [], closed: false };
  const fence = /^`+/.exec(lines[open] ?? '')?.[0] ?? '```';
  const closing = new RegExp(`^ {0,3}\`{${fence.length},}\\s*$`);
  const end = lines.findIndex((line, i) => i > open && closing.test(line));
  return { inside: lines.slice(open + 1, end < 0 ? undefined : end), closed: end > open };
}

describe('the last lines of a failed build in the reports', () => {
  it('the job summary shows them in a closed block after the callout, the secret masked', () => {
    const summary = renderSummary(failedBuildRun());
    const { inside, closed } = blockLines(summary);
    expect(closed).toBe(true);
    expect(inside).toHaveLength(LOG.length);
    expect(inside.at(-1)).toBe('Error: Command "npm run build" exited with 1');
    expect(inside).toContain('env: VERCEL_AUTOMATION_BYPASS_SECRET=***');
    expect(inside).toContain('Failed to compile. ``` (a fence) ```');
    expect(inside).toContain('````````');
    // Inside a code block Markdown is literal: the text is kept as Vercel sent it, not escaped.
    expect(inside).toContain('<img src=x onerror=alert(1)> | table | [link](https://evil.example)');
    expect(summary).not.toContain(SECRETS.bypass);
    // Right after the stop callout, and the callout still carries Vercel's message.
    expect(summary.indexOf(BUILD_ERROR_MESSAGE)).toBeLessThan(summary.indexOf(BUILD_LOG_TITLE));
    expect(summary.indexOf(BUILD_LOG_TITLE)).toBeLessThan(summary.indexOf('### Deployment'));
    expect(summary).toContain(`[Vercel inspector](${INSPECTOR_URL})`);
  });

  it('the fence is longer than any run of backticks in the lines', () => {
    expect(fenceFor(['plain'])).toBe('```');
    expect(fenceFor(['a ``` b'])).toBe('````');
    expect(fenceFor(['``', '`````` x', '```'])).toBe('```````');
    const section = renderBuildLog(failedBuildRun());
    expect(section.split('\n').at(-1)).toBe('`````````');
  });

  it('a line cannot smuggle a line break, control characters or bidi overrides into the block', () => {
    const { inside, closed } = blockLines(
      renderSummary(failedBuildRun(['one\n```\n## injected', 'two\u202e\u0007', `${'x'.repeat(500)}`])),
    );
    expect(closed).toBe(true);
    expect(inside).toHaveLength(3);
    expect(inside[0]).toBe('one```## injected');
    expect(inside[1]).toBe('two');
    expect(inside[2]).toHaveLength(300);
  });

  it('the check run shows the same block in its summary, the secret masked', () => {
    const output = finalOutput(failedBuildRun());
    const { inside, closed } = blockLines(output.summary);
    expect(closed).toBe(true);
    expect(inside).toHaveLength(LOG.length);
    expect(inside).toContain('env: VERCEL_AUTOMATION_BYPASS_SECRET=***');
    expect(JSON.stringify(output)).not.toContain(SECRETS.bypass);
  });

  it('the console prints the last 5 lines behind a prefix, made safe, the secret masked', () => {
    const lines = renderConsole(failedBuildRun());
    const header = lines.findIndex((line) => line.startsWith('Last 5 lines of the build output'));
    expect(header).toBeGreaterThan(lines.findIndex((line) => line.startsWith('Stopped:')));
    expect(lines[header]).toBe('Last 5 lines of the build output (the job summary shows 30):');
    expect(lines.slice(header + 1, header + 6)).toEqual([
      '  | Failed to compile. ``` (a fence) ```',
      '  | ````````',
      '  | : :set-output name=status: :healthy',
      '  | <img src=x onerror=alert(1)> | table | [link](https://evil.example)',
      '  | Error: Command "npm run build" exited with 1',
    ]);
    const short = renderConsole(failedBuildRun([`token ${SECRETS.vercelToken} leaked`]));
    expect(short).toContain('Last line of the build output:');
    expect(short).toContain('  | token *** leaked');
    expect(short.join('\n')).not.toContain(SECRETS.vercelToken);
  });

  it('the JSON report records them under wait.buildLog, masked; [] when there are none', () => {
    const report = buildJsonReport(failedBuildRun(), { version: '1.0.0' });
    expect(report.wait.buildLog).toHaveLength(LOG.length);
    expect(report.wait.buildLog).toContain('env: VERCEL_AUTOMATION_BYPASS_SECRET=***');
    expect(report.wait.buildLog.at(-1)).toBe('Error: Command "npm run build" exited with 1');
    expect(JSON.stringify(report)).not.toContain(SECRETS.bypass);
    expect(buildJsonReport(healthyRun(), { version: '1.0.0' }).wait.buildLog).toEqual([]);
    expect(buildJsonReport(buildErrorRun(), { version: '1.0.0' }).wait.buildLog).toEqual([]);
  });

  it('no lines, no section: other runs read as before', () => {
    expect(renderSummary(buildErrorRun())).not.toContain(BUILD_LOG_TITLE);
    expect(renderBuildLog(healthyRun())).toBe('');
    expect(renderConsole(buildErrorRun()).some((line) => line.includes('build output'))).toBe(false);
  });
});

describe('truncation keeps the block whole', () => {
  it('a check run too large for GitHub loses service rows, never lines of the block', () => {
    // A stopped build with a huge (made-up) services table: far over 65,535 characters.
    const services = Array.from({ length: 1000 }, (_, i) =>
      service(`svc${i}`, { name: `Service ${i}`, status: 'fail', detail: 'd'.repeat(150) }),
    );
    const document = documentOf('unhealthy', services);
    const run = failedBuildRun(LOG, {
      probe: {
        kind: 'answered',
        url: 'https://x.example/h',
        document,
        samples: [sample(503, { status: document.status })],
        elapsedMs: 1,
      },
    });
    const { summary } = finalOutput(run);
    expect(summary.length).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
    expect(summary).toContain('Shortened to fit');
    const { inside, closed } = blockLines(summary);
    expect(closed).toBe(true);
    expect(inside).toHaveLength(LOG.length);
  });

  it('when even kept sections must give, the block goes whole: no open fence is left behind', () => {
    const block = renderBuildLog(failedBuildRun());
    const head = '## 🔴 Unhealthy — deployment-error';
    const sections = [kept(head), keptWhole(block), 'x\n'.repeat(50)];
    const roomy = fitWithin(sections, head.length + block.length + 20, 'NOTE');
    expect(blockLines(roomy).inside).toHaveLength(LOG.length);
    expect(blockLines(roomy).closed).toBe(true);

    const tight = fitWithin(sections, head.length + block.length - 10, 'NOTE');
    expect(tight).not.toContain('```');
    expect(tight).not.toContain(BUILD_LOG_TITLE);
    expect(tight).toContain(head);
    expect(tight.endsWith('NOTE')).toBe(true);
  });
});
