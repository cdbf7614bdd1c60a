import type { HealthDocument, Sample } from '../../model/types.js';
import { formatDuration, untrusted } from '../../util/text.js';
import { hintFor } from '../troubleshooting.js';
import { failed, type ItemOutcome, type ItemSpec, passed, skipped } from './item.js';

export const ENDPOINT_REACHABLE: ItemSpec = {
  id: 'endpoint_reachable',
  name: 'Health endpoint reachable',
  required: true,
};

/**
 * Optional on purpose: the endpoint's own status already decides how bad a failing service is (a degraded
 * payment service makes the deployment degraded). Were this item required, any `warn` would turn that
 * degraded deployment unhealthy, and the original design's 206 would fail every gate.
 */
export const SERVICES_PASS: ItemSpec = {
  id: 'services_pass',
  name: 'All services report pass',
  required: false,
};

/**
 * The checklist only runs on an answered probe, so this passes by construction; its detail is the evidence
 * (status, time, retries) and how the observation window went.
 */
export function endpointReachable(samples: Sample[], firstAnswerIndex: number): ItemOutcome {
  const first = samples[firstAnswerIndex] ?? samples[samples.length - 1];
  if (!first)
    return { result: skipped(ENDPOINT_REACHABLE, 'no request to the health endpoint was recorded') };
  const retries = firstAnswerIndex > 0 ? `, after ${firstAnswerIndex + 1} attempts` : '';
  let detail = `HTTP ${first.httpStatus ?? '?'} in ${formatDuration(first.durationMs)}${retries}`;
  const observed = samples.slice(firstAnswerIndex + 1);
  if (observed.length > 0) {
    const errors = observed.filter((s) => s.error !== undefined || (s.httpStatus ?? 0) >= 500).length;
    detail += `; ${observed.length - errors} of ${observed.length} observation samples answered without error`;
  }
  return { result: passed(ENDPOINT_REACHABLE, detail) };
}

export function servicesPass(document: HealthDocument): ItemOutcome {
  const services = document.services;
  if (services.length === 0) {
    return {
      result: skipped(SERVICES_PASS, `the ${document.format} answer lists no services to check`),
    };
  }
  const others = services.filter((s) => s.status !== 'pass');
  if (others.length === 0) {
    return { result: passed(SERVICES_PASS, `all ${services.length} services report pass`) };
  }
  // Failing first: they are what a reader should look at.
  others.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const named = others.map((s) => `${untrusted(s.name || s.key, 60)} reports ${s.status}`).join(', ');
  const passing = services.length - others.length;
  const hints = [...new Set(others.map(hintFor).filter((h): h is string => h !== undefined))];
  return {
    result: failed(SERVICES_PASS, `${named} (${passing} of ${services.length} pass)`),
    advice: hints.length ? `Next: ${hints.join('; ')}.` : "Open the health answer for the services' details.",
    // The services are the health document's own words.
    blame: 'deployment',
  };
}
