import type { Deps } from '../deps.js';
import type { Finding, HealthDocument, ResolvedDeployment, Sample } from '../model.js';

/** What every evaluator sees: the READY deployment and what its health endpoint answered. */
export interface EvaluationContext {
  deployment: ResolvedDeployment;
  document: HealthDocument;
  samples: Sample[];
  deps: Deps;
}

/**
 * One source of findings. The endpoint's own status is one evaluator; alert rules and the deployment
 * checklist plug in beside it, so the verdict never needs to know where a finding came from.
 */
export interface Evaluator {
  readonly name: string;
  evaluate(context: EvaluationContext): Promise<Finding[]>;
}

export async function runEvaluators(evaluators: Evaluator[], context: EvaluationContext): Promise<Finding[]> {
  const results = await Promise.all(evaluators.map((evaluator) => evaluator.evaluate(context)));
  return results.flat();
}
