import type { HealthDocument, HealthFormatName } from '../model/types.js';

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

/**
 * One health format (dorny/test-reporter style): detection and parsing behind one small interface. Each
 * format is a file of its own; registry.ts lists them and says in which order `auto` asks them.
 */
export interface HealthFormat<Name extends string = HealthFormatName> {
  /** The `health-format` input's value that asks for this format. */
  readonly name: Name;
  /**
   * What `auto` looks for (`summary.overallStatus` or `services`), for the message about a JSON body of no
   * known format; only for formats that read a JSON body.
   */
  readonly looksFor?: string;
  /** The format judges the HTTP code alone and never reads the body. */
  readonly ignoresBody?: boolean;
  /** For `health-format: auto`: does this answer look like mine? */
  claims(answer: HealthAnswer): boolean;
  /** A body that claims the format but breaks it gives an error naming the field (`summary.overallStatus`). */
  parse(answer: HealthAnswer): ParseResult;
}
