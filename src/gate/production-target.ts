import { projectTargetName } from '../monitor/targets.js';

/** Vercel project ids (`prj_…`): the history files a project under its name when one is known. */
const PROJECT_ID = /^prj_[A-Za-z0-9]+$/;

/**
 * The monitor's name for a project's production (its target name), from the project the gate was given and
 * the one Vercel reported for the deployment: a name wins over an id. Undefined when neither is known.
 */
export function productionTargetName(
  given: string | undefined,
  deployment: string | undefined,
): string | undefined {
  const named = [given, deployment].find((p) => p && !PROJECT_ID.test(p));
  const project = named ?? deployment ?? given;
  return project ? projectTargetName(project) : undefined;
}
