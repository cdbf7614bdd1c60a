import type { HealthDocument, HealthFormatName } from '../../model/types.js';

/** One answer of the health endpoint, as the format adapters see it. */
export interface HealthAnswer {
  httpStatus: number;
  /** Media type without parameters, lower-case (`application/json`), when the server sent one. */
  mediaType: string | undefined;
  body: string;
  /** The body read as JSON once, shared by every adapter. */
  json: JsonBody;
}

export type JsonBody =
  /** Empty, or nothing about the answer says JSON (an HTML page, plain text). */
  | { kind: 'absent' }
  | { kind: 'parsed'; value: unknown }
  /** It says JSON (content type or a leading `{`/`[`) but does not parse. */
  | { kind: 'invalid'; error: string };

export type ParseResult = { ok: true; document: HealthDocument } | { ok: false; error: string };

/** One health format (dorny/test-reporter style): detection and parsing behind one small interface. */
export interface HealthFormat {
  readonly name: HealthFormatName;
  /** For `health-format: auto`: does this answer look like mine? */
  claims(answer: HealthAnswer): boolean;
  /** A body that claims the format but breaks it gives an error naming the field (`summary.overallStatus`). */
  parse(answer: HealthAnswer): ParseResult;
}
