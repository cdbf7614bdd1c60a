import type { Blame, HealthDocument, Sample, ServiceHealth } from '../model/types.js';
import { untrusted } from '../util/text.js';
import type { Evaluation } from './evaluation.js';
import type { Evaluator } from './evaluator.js';
import { hintFor } from './troubleshooting.js';

/** The endpoint's own claim about itself (206 degraded, 503 unhealthy), with the services to blame. */
export const endpointEvaluator: Evaluator = {
  name: 'endpoint',
  async evaluate({ document, samples }): Promise<Partial<Evaluation>> {
    if (document.status === 'healthy') return {};
    const blamed = [
      ...document.services.filter((s) => s.status === 'fail'),
      ...document.services.filter((s) => s.status === 'warn'),
    ];
    const message = blamed.length
      ? `The health endpoint reports ${document.status}: ${blamed.map(describe).join('; ')}.`
      : `The health endpoint reports ${document.status} without naming a failing service; open its response for details.`;
    return {
      findings: [
        {
          source: 'endpoint',
          id: 'endpoint_status',
          title: `Health endpoint reports ${document.status}`,
          status: document.status,
          message,
          blame: documentBlame(document, samples),
        },
      ],
    };
  },
};

/**
 * Whose failure the document's status shows. A health document (hemera, health+json) is the deployment
 * speaking for itself. A status-code verdict (`health-format: status-code`, or `auto` on an answer without
 * JSON) is only as good as the code: a 5xx is the deployment failing; any other code (a 4xx refusing the
 * runner, say) says more about the request than about the deployment.
 */
export function documentBlame(document: HealthDocument, samples: readonly Sample[]): Blame {
  if (document.format !== 'status-code') return 'deployment';
  // The document is the latest understood answer; samples carry `status` exactly for those.
  const answer = [...samples].reverse().find((s) => s.status !== undefined);
  return (answer?.httpStatus ?? 0) >= 500 ? 'deployment' : 'gate';
}

function describe(service: ServiceHealth): string {
  const hint = hintFor(service);
  return `${untrusted(service.name, 60)} is ${service.status === 'fail' ? 'failing' : 'warning'}${hint ? ` (${hint})` : ''}`;
}
