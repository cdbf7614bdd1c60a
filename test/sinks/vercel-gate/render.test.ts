import { describe, expect, it } from 'vitest';
import {
  renderVercelActions,
  type VercelGateActions,
  vercelActionLines,
} from '../../../src/sinks/vercel-gate/index.js';

const hostile = 'bad <script>alert(1)</script>\n::set-output name=x::y';

describe('Vercel section of the job summary and the log', () => {
  it('is empty when the gate did and said nothing', () => {
    expect(renderVercelActions({ notes: [], problems: [] })).toBe('');
    expect(vercelActionLines({ notes: [], problems: [] })).toEqual([]);
  });

  it('puts a rollback first, as a caution, then the promotion, the check, notes and problems', () => {
    const actions: VercelGateActions = {
      rolledBack: {
        fromDeploymentId: 'dpl_bad',
        toDeploymentId: 'dpl_good',
        project: 'shop',
        outcome: 'pending',
        message: 'Vercel accepted the rollback but had not finished it.',
        elapsedMs: 2000,
      },
      check: {
        check: 'Deployment health',
        conclusion: 'failed',
        conclusionText: 'Unhealthy (endpoint): database down',
        externalUrl: 'https://github.com/acme/shop/runs/1',
      },
      notes: ['Not promoted: the deployment is unhealthy (endpoint); only a healthy deployment is promoted.'],
      problems: ['The Vercel API answered 403 to GET /v2/projects/shop/checks.'],
    };

    const markdown = renderVercelActions(actions);

    expect(markdown).toBe(
      [
        '### Vercel',
        '',
        '> [!CAUTION]',
        '> **Production rollback requested, not confirmed.** Vercel accepted the rollback but had not finished it.',
        '',
        '- Vercel check "Deployment health": **failed** — Unhealthy (endpoint): database down ([details](https://github.com/acme/shop/runs/1))',
        '- Not promoted: the deployment is unhealthy (endpoint); only a healthy deployment is promoted.',
        '- ⚠️ The Vercel API answered 403 to GET /v2/projects/shop/checks.',
        '',
      ].join('\n'),
    );
    expect(vercelActionLines(actions)).toEqual([
      'Vercel: PRODUCTION ROLLBACK REQUESTED (not confirmed): Vercel accepted the rollback but had not finished it.',
      'Vercel check "Deployment health": failed (Unhealthy (endpoint): database down)',
      'Vercel: Not promoted: the deployment is unhealthy (endpoint); only a healthy deployment is promoted.',
      'Vercel problem: The Vercel API answered 403 to GET /v2/projects/shop/checks.',
    ]);
  });

  it('keeps remote text from opening HTML, breaking lines or starting workflow commands', () => {
    const actions: VercelGateActions = {
      promoted: {
        deploymentId: 'dpl_x',
        project: 'shop',
        outcome: 'failed',
        message: hostile,
        elapsedMs: 0,
      },
      check: { check: hostile, conclusion: 'neutral', conclusionText: hostile },
      notes: [hostile],
      problems: [],
    };

    const markdown = renderVercelActions(actions);
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('&lt;script&gt;');
    expect(markdown).not.toContain('::set-output');
    // Every remote text stays on its own line of the block or list.
    expect(markdown.split('\n').filter((line) => line.includes('alert(1)'))).toHaveLength(3);
    for (const line of vercelActionLines(actions)) {
      expect(line).not.toMatch(/\n|::set-output/);
    }
  });
});
