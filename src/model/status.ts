// The gate's verdict on a deployment and how verdicts compare: one ranking that every stage, the monorepo
// run's "worst project" and the reports' "worst first" ordering all read.

/** Best first: an index further along is worse. */
export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;

/** The gate's verdict on a deployment, worst first when compared with `worse()`. */
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** How bad a status is: 0 for healthy, higher is worse. */
export const severityOf = (status: HealthStatus): number => HEALTH_STATUSES.indexOf(status);

/** Whether `a` is strictly worse than `b`. */
export const isWorse = (a: HealthStatus, b: HealthStatus): boolean => severityOf(a) > severityOf(b);

export function worse(a: HealthStatus, b: HealthStatus): HealthStatus {
  return isWorse(b, a) ? b : a;
}

export function atLeastAsBad(a: HealthStatus, b: HealthStatus): boolean {
  return severityOf(a) >= severityOf(b);
}

/** A sort comparator that puts the worst status first. */
export const worstFirst = (a: HealthStatus, b: HealthStatus): number => severityOf(b) - severityOf(a);
