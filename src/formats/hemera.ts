import type { HealthDocument, HealthStatus, ServiceHealth, ServiceStatus } from '../model/types.js';
import { flattenDetails } from './details.js';
import {
  expected,
  FieldError,
  fieldPath,
  isRecord,
  optionalCount,
  optionalMilliseconds,
  optionalString,
} from './fields.js';
import { parseJsonDocument } from './json-document.js';
import { reconcile } from './reconcile.js';
import type { HealthAnswer, HealthFormat, ParseResult } from './types.js';

// The Hemera format (the original design): `summary.overallStatus` healthy|degraded|unhealthy,
// `services{<key>: {name, status pass|warn|fail, responseTime, details, lastChecked}}`, HTTP 200/206/503.

const OVERALL: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy'];
const SERVICE: readonly ServiceStatus[] = ['pass', 'warn', 'fail'];

export const hemera: HealthFormat<'hemera'> = {
  name: 'hemera',
  looksFor: '`summary.overallStatus` or `services`',

  claims(answer) {
    if (answer.json.kind !== 'parsed' || !isRecord(answer.json.value)) return false;
    const body = answer.json.value;
    return (isRecord(body.summary) && 'overallStatus' in body.summary) || isRecord(body.services);
  },

  parse(answer): ParseResult {
    return parseJsonDocument(answer, readDocument);
  },
};

function readDocument(body: Record<string, unknown>, answer: HealthAnswer): HealthDocument {
  const summary = body.summary;
  if (!isRecord(summary))
    throw new FieldError(expected('summary', summary, 'an object with `overallStatus`'));
  const overall = summary.overallStatus;
  if (typeof overall !== 'string' || !OVERALL.includes(overall as HealthStatus)) {
    throw new FieldError(expected('summary.overallStatus', overall, 'one of healthy, degraded, unhealthy'));
  }
  const counts = {
    totalChecks: optionalCount(summary.totalChecks, 'summary.totalChecks'),
    passedChecks: optionalCount(summary.passedChecks, 'summary.passedChecks'),
    failedChecks: optionalCount(summary.failedChecks, 'summary.failedChecks'),
    warningChecks: optionalCount(summary.warningChecks, 'summary.warningChecks'),
  };

  const warnings: string[] = [];
  const services = readServices(body.services, warnings);
  const { status, warning } = reconcile('hemera', overall as HealthStatus, answer.httpStatus);
  if (warning) warnings.unshift(warning);

  return {
    format: 'hemera',
    status,
    services,
    summary: withoutUndefined(counts),
    app: readApp(body.deployment),
    warnings,
  };
}

function readServices(services: unknown, warnings: string[]): ServiceHealth[] {
  if (services === undefined || services === null) {
    // A body with only a summary still says how the app is; it just cannot say which part is failing.
    warnings.push('The body has no `services`, so no service can be named in the report.');
    return [];
  }
  if (!isRecord(services)) throw new FieldError(expected('services', services, 'an object keyed by service'));
  return Object.entries(services).map(([key, entry]) => readService(key, entry));
}

function readService(key: string, entry: unknown): ServiceHealth {
  const path = fieldPath('services', key);
  if (!isRecord(entry)) throw new FieldError(expected(path, entry, 'an object with `status`'));
  const status = entry.status;
  if (typeof status !== 'string' || !SERVICE.includes(status as ServiceStatus)) {
    throw new FieldError(expected(`${path}.status`, status, 'one of pass, warn, fail'));
  }
  const details = entry.details;
  const provider = isRecord(details) && typeof details.provider === 'string' ? details.provider : undefined;
  return {
    key,
    name: optionalString(entry.name, `${path}.name`) ?? key,
    status: status as ServiceStatus,
    responseTimeMs: optionalMilliseconds(entry.responseTime, `${path}.responseTime`),
    provider,
    detail: flattenDetails(details),
    lastChecked: optionalString(entry.lastChecked, `${path}.lastChecked`),
  };
}

function readApp(deployment: unknown): HealthDocument['app'] {
  if (!isRecord(deployment)) return undefined;
  const pick = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const app = withoutUndefined({
    version: pick(deployment.version),
    deploymentId: pick(deployment.deploymentId),
    region: pick(deployment.region),
  });
  return app && Object.keys(app).length > 0 ? app : undefined;
}

function withoutUndefined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } | undefined {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  return entries.length > 0
    ? (Object.fromEntries(entries) as { [K in keyof T]?: Exclude<T[K], undefined> })
    : undefined;
}
