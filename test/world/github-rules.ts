/**
 * Rules GitHub enforces that its OpenAPI description does not express, by operation id. They run after the
 * schema passed, as GitHub's models do, and come in GitHub's two 422 styles: "Invalid request." (a line of
 * text) and "Validation Failed" (`errors: [{resource, code, field, message}]`).
 *
 * Where the wording comes from public GitHub answers it is quoted; the rest follows the documentation's
 * text (see the notes on each rule).
 */

/** One broken rule, in the style GitHub reports it (which decides the shape of the 422 body). */
export type RuleFailure =
  | { style: 'invalid-request'; where: string; message: string }
  | {
      style: 'validation-failed';
      where: string;
      resource: string;
      code: string;
      field: string;
      message: string;
    };

/** The largest `output.summary` / `output.text` in UTF-8 bytes (GitHub checks characters AND bytes). */
export const OUTPUT_MAX_BYTES = 65535;
/** The longest deployment-status or commit-status `description`, in characters. */
export const STATUS_DESCRIPTION_MAX = 140;
/** An annotation's `title` in characters ("The maximum size is 255 characters."). */
export const ANNOTATION_TITLE_MAX = 255;
/** An annotation's `message` / `raw_details` in UTF-8 bytes ("The maximum size is 64 KB."). */
export const ANNOTATION_TEXT_MAX_BYTES = 64 * 1024;

type Body = Record<string, unknown>;

/** Failures of GitHub's own rules for this operation and (schema-valid) body; empty when it passes. */
export function checkGitHubRules(operationId: string, body: unknown): RuleFailure[] {
  const b = (body !== null && typeof body === 'object' ? body : {}) as Body;
  switch (operationId) {
    case 'checks/create':
      return checkRunRules(b, false);
    case 'checks/update':
      return checkRunRules(b, true);
    case 'repos/create-deployment-status':
      return descriptionRule(b, 'DeploymentStatus');
    case 'repos/create-commit-status':
      return descriptionRule(b, 'Status');
    default:
      return [];
  }
}

function checkRunRules(b: Body, update: boolean): RuleFailure[] {
  const failures: RuleFailure[] = [];
  // "Required if you provide `completed_at` or a `status` of `completed`." (the update schema's anyOf
  // covers `status` itself; `completed_at` and the create call are only in the prose).
  const needsConclusion = b.status === 'completed' || b.completed_at !== undefined;
  if (needsConclusion && b.conclusion === undefined) {
    failures.push({
      style: 'invalid-request',
      where: 'body.conclusion',
      message: `"conclusion" wasn't supplied.`,
    });
  }
  // "You cannot change a check run conclusion to `stale`, only GitHub can set this."
  if (b.conclusion === 'stale') {
    failures.push({
      style: 'validation-failed',
      where: 'body.conclusion',
      resource: 'CheckRun',
      code: 'custom',
      field: 'conclusion',
      message: 'conclusion cannot be stale: only GitHub sets that conclusion',
    });
  }
  const output = b.output as Body | undefined;
  if (output && typeof output === 'object') {
    // The update schema only requires `summary`, but the documentation marks `title` "**Required**." too.
    if (update && output.title === undefined) {
      failures.push({
        style: 'invalid-request',
        where: 'body.output.title',
        message: `"title" wasn't supplied.`,
      });
    }
    for (const field of ['summary', 'text'] as const) {
      const value = output[field];
      // Seen from GitHub: {"resource":"CheckRun","code":"custom","field":"summary",
      // "message":"summary exceeds a maximum bytesize of 65535"} for text under 65535 characters.
      if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > OUTPUT_MAX_BYTES) {
        failures.push({
          style: 'validation-failed',
          where: `body.output.${field}`,
          resource: 'CheckRun',
          code: 'custom',
          field,
          message: `${field} exceeds a maximum bytesize of ${OUTPUT_MAX_BYTES}`,
        });
      }
    }
    const annotations = Array.isArray(output.annotations) ? (output.annotations as Body[]) : [];
    annotations.forEach((a, i) => {
      failures.push(...annotationRules(a, `body.output.annotations[${i}]`));
    });
  }
  return failures;
}

function annotationRules(a: Body, where: string): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const fail = (field: string, message: string) =>
    failures.push({
      style: 'validation-failed',
      where: `${where}.${field}`,
      resource: 'CheckRun',
      code: 'custom',
      field: 'annotations',
      message,
    });
  // "Annotations only support start_column and end_column on the same line."
  if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
    fail('start_column', 'start_column and end_column are only allowed when start_line equals end_line');
  }
  if (typeof a.start_line === 'number' && typeof a.end_line === 'number' && a.end_line < a.start_line) {
    fail('end_line', 'end_line must not be before start_line');
  }
  if (typeof a.title === 'string' && [...a.title].length > ANNOTATION_TITLE_MAX) {
    fail('title', `title is too long (maximum is ${ANNOTATION_TITLE_MAX} characters)`);
  }
  for (const field of ['message', 'raw_details'] as const) {
    const value = a[field];
    if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > ANNOTATION_TEXT_MAX_BYTES) {
      fail(field, `${field} exceeds a maximum bytesize of ${ANNOTATION_TEXT_MAX_BYTES}`);
    }
  }
  return failures;
}

/** Seen from GitHub for both: "description is too long (maximum is 140 characters)". */
function descriptionRule(b: Body, resource: string): RuleFailure[] {
  const description = b.description;
  if (typeof description !== 'string' || [...description].length <= STATUS_DESCRIPTION_MAX) return [];
  return [
    {
      style: 'validation-failed',
      where: 'body.description',
      resource,
      code: 'custom',
      field: 'description',
      message: `description is too long (maximum is ${STATUS_DESCRIPTION_MAX} characters)`,
    },
  ];
}
