import { afterEach, expect, it } from 'vitest';
import type { ResolveOutcome } from '../../../src/model/types.js';
import { SECRETS, secretRun } from '../../support/runs.js';
import { ITEM_PATH, requestsTo, type Session, session } from './harness.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

it('sends no secret to Rollbar: not in the deploy, not in an item, not in a header but its own token', async () => {
  s = await session({
    inputs: {
      'vercel-token': SECRETS.vercelToken,
      'protection-bypass': SECRETS.bypass,
      'github-token': SECRETS.githubToken,
      headers: `Authorization: ${SECRETS.authorization}\nX-Api-Key: ${SECRETS.apiKey}`,
    },
  });
  // Stages and remote servers echoed every secret into free text: the URL, the verdict, a rule's name and note.
  const leaky = secretRun();
  const run = { ...leaky, settings: s.settings, context: s.context };
  await s.reports.started({
    sha: run.sha,
    environment: 'preview',
    deploymentUrl: run.resolve?.deployment.url,
    githubDeploymentId: undefined,
  });
  await s.reports.resolved(leaky.resolve as ResolveOutcome);
  await s.reports.finish(run);

  // Something was sent, so the check below has something to find.
  expect(requestsTo(s.sim, 'POST', ITEM_PATH)).toHaveLength(1);
  expect(s.sim.deploys.size).toBe(1);
  const secrets = [...Object.values(SECRETS), s.sim.token];
  for (const request of s.sim.requests) {
    const { 'x-rollbar-access-token': token, ...otherHeaders } = request.headers;
    expect(token).toBe(s.sim.token);
    const sent = JSON.stringify({
      body: request.body,
      headers: otherHeaders,
      path: request.path,
      query: request.query,
    });
    for (const secret of secrets) expect(sent).not.toContain(secret);
  }
  // The item still says what triggered, with the secrets masked.
  expect(s.sim.itemData()[0]?.title).toContain('Leaky ***');
});
