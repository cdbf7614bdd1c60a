import type { Deps } from '../model/deps.js';
import type { HealthDocument, ResolvedDeployment, Sample } from '../model/types.js';
import { type Evaluation, mergeEvaluations } from './evaluation.js';

/** What every evaluator sees: the READY deployment and what its health endpoint answered. */
export interface EvaluationContext {
  deployment: ResolvedDeployment;
  /** The latest definitive answer (the end of the observation window, or the first answer). */
  document: HealthDocument;
  /** Every request to the health endpoint, retries and observation samples alike, in order. */
  samples: Sample[];
  /** Index into `samples` of the first definitive answer: samples before it are warm-up retries. */
  firstAnswerIndex: number;
  deps: Deps;
}

/**
 * One source of findings. The endpoint's own status is one evaluator; alert rules and the deployment
 * checklist plug in beside it, so the verdict never needs to know where a finding came from.
 */
export interface Evaluator {
  readonly name: string;
  evaluate(context: EvaluationContext): Promise<Partial<Evaluation>>;
}

export async function runEvaluators(
  evaluators: Evaluator[],
  context: EvaluationContext,
): Promise<Evaluation> {
  return mergeEvaluations(await Promise.all(evaluators.map((evaluator) => evaluator.evaluate(context))));
}
