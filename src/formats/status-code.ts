import type { HealthFormat } from './types.js';

/** Judges the answer by its HTTP code alone: 2xx healthy, anything else unhealthy; the body is ignored. */
export const statusCode: HealthFormat<'status-code'> = {
  name: 'status-code',
  ignoresBody: true,

  // The fallback of `auto` (see registry.ts): it fits every answer, so detection asks it last.
  claims: () => true,

  parse(answer) {
    const ok = answer.httpStatus >= 200 && answer.httpStatus < 300;
    return {
      ok: true,
      document: { format: 'status-code', status: ok ? 'healthy' : 'unhealthy', services: [], warnings: [] },
    };
  },
};
