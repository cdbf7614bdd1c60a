import * as core from '@actions/core';

/**
 * The post step (`post-if: always()`) runs even when the main step was killed. When the main step did not
 * record that it finished, the job summary says so, so nobody reads a missing verdict as a pass.
 */
export async function runPost(): Promise<void> {
  if (core.getState('finished') === 'true') return;
  const message =
    'The deployment health gate was stopped before it reached a verdict (cancelled or killed). Treat this deployment as unchecked and re-run the job.';
  core.warning(message, { title: 'Deployment health gate did not finish' });
  await core.summary
    .addHeading('⚪ Deployment health gate did not finish', 2)
    .addRaw(`\n\n${message}\n`)
    .write();
}
