// The Vercel promotion gate (issue #6): the deployment's Vercel check run, promotion of a healthy staged
// production deployment, rollback of an unhealthy live one; and what it did, for the reports.

export { vercelConclusion } from './conclusion.js';
export { createVercelGate, type VercelGate, type VercelGateOptions } from './gate.js';
export { defaultVercelGatePolicy, type VercelGatePolicy } from './policy.js';
export { renderVercelActions, rollbarNotes, vercelActionLines } from './render.js';
export type {
  VercelCheckConclusion,
  VercelCheckRecord,
  VercelGateActions,
  VercelPromotionRecord,
  VercelRollbackRecord,
} from './types.js';
