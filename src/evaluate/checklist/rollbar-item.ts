import { untrusted } from '../../util/text.js';
import { failed, type ItemOutcome, type ItemSpec, passed, skipped } from './item.js';

export const ROLLBAR_DEPLOY: ItemSpec = {
  id: 'rollbar_deploy',
  name: 'Rollbar accepted the deploy',
  required: false,
};

/**
 * What the Rollbar reporter learnt when it announced the deploy. `accepted: undefined` means Rollbar could
 * not be asked (unreachable, timed out, cancelled): that is Rollbar trouble, which never moves the verdict,
 * so the item is skipped. `false` means Rollbar answered and refused (a wrong token, a bad environment): a
 * setup mistake the user should fix, so the item fails (optional: degraded at worst).
 */
export interface RollbarDeployState {
  accepted: boolean | undefined;
  /** What happened, e.g. "deploy 12345 recorded" or "401: invalid access token" (may quote Rollbar). */
  detail: string;
}

export function rollbarDeploy(state: RollbarDeployState | undefined): ItemOutcome {
  if (!state) return { result: skipped(ROLLBAR_DEPLOY, 'no `rollbar-token` given') };
  const detail = untrusted(state.detail, 200);
  if (state.accepted === undefined) return { result: skipped(ROLLBAR_DEPLOY, detail) };
  if (state.accepted) return { result: passed(ROLLBAR_DEPLOY, detail) };
  return {
    result: failed(ROLLBAR_DEPLOY, detail),
    advice:
      'Check that `rollbar-token` is a project access token with the `post_server_item` scope, and ' +
      '`rollbar-environment`.',
  };
}
