import type { ResolveOutcome, Target } from '../model/types.js';

/** The pipeline's phases, as a waiting reader sees them (a check run shows the current one). */
export type Phase = 'waiting' | 'probing' | 'evaluating';

/**
 * Told about the run as it goes, so reports are visible while the gate waits (a check run `in_progress`
 * from the first second) rather than only at the end. Each method is called at most once per phase.
 * Implementations never throw: a reporting problem is theirs to log.
 */
export interface GateObserver {
  /** The commit is known; nothing has waited yet. What the event already tells is passed along. */
  started(info: {
    sha: string;
    environment: Target | undefined;
    deploymentUrl: string | undefined;
    githubDeploymentId: number | undefined;
  }): Promise<void>;
  phase(phase: Phase, detail: string): Promise<void>;
  /** Resolution ended: a READY deployment, or the reason it stopped. */
  resolved(outcome: ResolveOutcome): Promise<void>;
}

export const silentObserver: GateObserver = {
  started: async () => undefined,
  phase: async () => undefined,
  resolved: async () => undefined,
};

/** Several observers told of the same run, in order (each one never throws). */
export function combineObservers(...observers: GateObserver[]): GateObserver {
  return {
    async started(info) {
      for (const observer of observers) await observer.started(info);
    },
    async phase(phase, detail) {
      for (const observer of observers) await observer.phase(phase, detail);
    },
    async resolved(outcome) {
      for (const observer of observers) await observer.resolved(outcome);
    },
  };
}
