import type { HealthStatus } from '../model/types.js';

// The health answer's warnings about how its verdict was read: the product's rule "HTTP code and body
// disagreeing: take the worse, warn", and an answer with no health document at all. These become workflow
// warnings too; the answer's other remarks (an endpoint's `output`, a missing `services`) stay in the reports.

const NO_DOCUMENT = 'The health endpoint sent no health document';

export function codeBodyWarning(w: {
  httpStatus: number;
  bodyStatus: HealthStatus;
  status: HealthStatus;
  format: string;
  expectedCodes: string;
}): string {
  return (
    `HTTP ${w.httpStatus} but the body says ${w.bodyStatus}; taking the worse (${w.status}). ` +
    `The ${w.format} format answers ${w.expectedCodes} when ${w.bodyStatus}.`
  );
}

export function noDocumentWarning(body: string, httpStatus: number): string {
  return `${NO_DOCUMENT} (${body}); judged by HTTP ${httpStatus} alone.`;
}

/** Whether a warning of the health answer is one about how its verdict was read (see above). */
export function isVerdictWarning(warning: string): boolean {
  return /^HTTP \d+ but the body says /.test(warning) || warning.startsWith(NO_DOCUMENT);
}
