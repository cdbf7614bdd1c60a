import type { ServiceHealth } from '../model.js';
import { untrusted } from '../util/text.js';
import type { Evaluation } from './evaluation.js';
import type { Evaluator } from './evaluator.js';
import { hintFor } from './troubleshooting.js';

/** The endpoint's own claim about itself (206 degraded, 503 unhealthy), with the services to blame. */
export const endpointEvaluator: Evaluator = {
  name: 'endpoint',
  async evaluate({ document }): Promise<Partial<Evaluation>> {
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
        },
      ],
    };
  },
};

function describe(service: ServiceHealth): string {
  const hint = hintFor(service);
  return `${untrusted(service.name, 60)} is ${service.status === 'fail' ? 'failing' : 'warning'}${hint ? ` (${hint})` : ''}`;
}
