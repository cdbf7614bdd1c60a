import type { HealthStatus } from '../../model/types.js';

/** What a Vercel check run can conclude (Checks v2), as far as the gate uses it. */
export type VercelCheckConclusion = 'succeeded' | 'failed' | 'neutral' | 'canceled' | 'timeout';

/** The deployment's run of the `vercel-check` project check. */
export interface VercelCheckRecord {
  /** The `vercel-check` input: the check's name or id. */
  check: string;
  checkId?: string | undefined;
  runId?: string | undefined;
  /** Set once the run carries the verdict. */
  conclusion?: VercelCheckConclusion | undefined;
  conclusionText?: string | undefined;
  /** Where Vercel's dashboard links the run to (the GitHub check run, else the workflow run). */
  externalUrl?: string | undefined;
}

/** A promotion the gate asked Vercel for, and how it ended. */
export interface VercelPromotionRecord {
  deploymentId: string;
  url?: string | undefined;
  project: string;
  /** `pending`: Vercel accepted it but had not finished within the gate's wait. */
  outcome: 'promoted' | 'pending' | 'failed';
  /** Set when the verdict was not healthy and `fail-on: never` let the promotion go ahead anyway. */
  despiteVerdict?: Exclude<HealthStatus, 'healthy'> | undefined;
  /** The deployment that served production before. */
  previousProductionId?: string | undefined;
  /** What happened and, when it went wrong, what to do. Plain text; remote parts already escaped. */
  message: string;
  elapsedMs: number;
}

/** A rollback the gate asked Vercel for, and how it ended. */
export interface VercelRollbackRecord {
  /** The unhealthy deployment that was live. */
  fromDeploymentId: string;
  fromUrl?: string | undefined;
  /** The deployment that served production right before the unhealthy one, production was moved back to. */
  toDeploymentId?: string | undefined;
  toUrl?: string | undefined;
  project: string;
  outcome: 'rolled-back' | 'pending' | 'failed';
  /** The deployment's own evidence that it is broken: why the gate rolled back (plain text, escaped). */
  evidence?: string | undefined;
  message: string;
  elapsedMs: number;
}

/** What the Vercel promotion gate did, for the job summary, the log and Rollbar. */
export interface VercelGateActions {
  check?: VercelCheckRecord | undefined;
  promoted?: VercelPromotionRecord | undefined;
  rolledBack?: VercelRollbackRecord | undefined;
  /** Why something that was asked for was not done, when that is by design (a preview, not live, …). */
  notes: string[];
  /**
   * Why `rollback-on-unhealthy` did not roll an unhealthy deployment back (also among `notes`): said loudly
   * wherever a rollback would have been (Rollbar's deploy comment), so nobody assumes one happened.
   */
  rollbackNote?: string | undefined;
  /** Trouble with the Vercel API outside those records. Never changes the verdict. */
  problems: string[];
}

export const noActions = (): VercelGateActions => ({ notes: [], problems: [] });
