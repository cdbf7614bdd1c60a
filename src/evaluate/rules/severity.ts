import type { Severity } from '../../config/types.js';
import type { HealthStatus } from '../../model/types.js';

/** How a triggered rule's severity moves the verdict (the product's rule: critical → unhealthy, warning → degraded; info leaves it alone). */
export const severityStatus: Record<Severity, HealthStatus> = {
  critical: 'unhealthy',
  warning: 'degraded',
  info: 'healthy',
};
