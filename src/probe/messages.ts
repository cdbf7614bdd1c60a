import type { HealthFormatName, HealthStatus } from '../model/types.js';
import { formatDuration, untrusted } from '../util/text.js';
import type { ProbeSettings } from './probe-settings.js';
import { shownLocation } from './url.js';

// Every message says what happened, where, and what to do. URLs that a redirect chose are remote text and
// pass through untrusted() (shownLocation() also leaves out their query); header values and the bypass secret
// never appear.

export interface GiveUpContext {
  url: string;
  attempts: number;
  elapsedMs: number;
  settings: ProbeSettings;
}

const attemptsText = (ctx: GiveUpContext) =>
  `${ctx.attempts} attempt${ctx.attempts === 1 ? '' : 's'} over ${formatDuration(ctx.elapsedMs)}`;

export function protectedMessage(url: string, status: number, bypassSent: boolean): string {
  return bypassSent
    ? `HTTP ${status} from the deployment at ${url}: the bypass secret was refused; check that ` +
        '`protection-bypass` holds the current "Protection Bypass for Automation" secret of this Vercel project ' +
        '(Project Settings → Deployment Protection), and that it belongs to the project this deployment is from.'
    : `HTTP ${status} from the deployment at ${url}: Vercel Deployment Protection is on; pass ` +
        '`protection-bypass` (the "Protection Bypass for Automation" secret from Project Settings → ' +
        'Deployment Protection, stored as a repository secret).';
}

export function firewallMessage(url: string, status: number): string {
  return (
    `HTTP ${status} from the deployment at ${url}: Vercel's firewall challenged the request ` +
    '(Attack Challenge Mode or a firewall rule). Add a bypass rule for this check, or turn the challenge off.'
  );
}

export function loginRedirectMessage(url: string, finalUrl: string): string {
  return (
    `The health endpoint at ${url} redirected to Vercel's login (${shownLocation(finalUrl)}): ` +
    'Vercel Authentication protects this deployment; pass `protection-bypass` ' +
    '(the "Protection Bypass for Automation" secret).'
  );
}

export function authRequiredMessage(url: string, status: number): string {
  return (
    `HTTP ${status} from the health endpoint at ${url}: the endpoint itself wants credentials. ` +
    'Pass them with `headers` (e.g. "Authorization: Bearer …"), or let the health endpoint answer without them.'
  );
}

export function tooLargeMessage(url: string, status: number, maxBytes: number): string {
  return (
    `The health endpoint at ${url} answered HTTP ${status} with more than ${formatBytes(maxBytes)}; ` +
    `reading stopped there. A health document is a few KB: check that \`health-path\` ` +
    `(${untrusted(pathOf(url), 100)}) points at the health endpoint, not at a page or a download.`
  );
}

export function brokenBodyMessage(
  url: string,
  status: number,
  format: HealthFormatName | 'auto',
  error: string,
): string {
  const what =
    format === 'auto'
      ? 'a body it could not read as a health document'
      : `a body that breaks the ${format} format`;
  const fix =
    format === 'auto'
      ? 'Make the endpoint answer in the Hemera or health+json format, or set `health-format: status-code` to judge by the HTTP code alone.'
      : `Fix the endpoint, or set \`health-format\` to the format it speaks (\`status-code\` ignores the body).`;
  return `The health endpoint at ${url} answered HTTP ${status} with ${what}: ${error}. ${fix}`;
}

export function crossOriginMessage(
  url: string,
  finalUrl: string,
  status: number,
  claimed: HealthStatus | undefined,
): string {
  const answer = claimed
    ? `HTTP ${status} with a health answer saying ${claimed}`
    : `HTTP ${status} without a health answer`;
  return (
    `The health endpoint at ${url} redirected to another origin, ${shownLocation(finalUrl)}, which answered ` +
    `${answer}. Only the deployment's own origin can answer for its health, so that answer does not count. ` +
    'Exempt the health path from the redirect (e.g. middleware sending previews to the production domain), ' +
    'or point `deployment-url` / `health-path` at the endpoint itself.'
  );
}

export function redirectFailureMessage(url: string, detail: string): string {
  return `The health endpoint at ${url} could not be followed: ${detail}. Check \`health-path\` and the app's redirects.`;
}

export function cancelledMessage(url: string, attempts: number): string {
  return `Probing ${url} was cancelled (the run was stopped) after ${attempts} attempt${attempts === 1 ? '' : 's'}.`;
}

export function invalidUrlMessage(baseUrl: string, detail: string): string {
  return (
    `The deployment URL ${JSON.stringify(untrusted(baseUrl, 120))} is not a usable http(s) URL (${untrusted(detail, 100)}); ` +
    'pass `deployment-url` as e.g. https://my-app-abc123.vercel.app.'
  );
}

export function unreachableMessage(ctx: GiveUpContext, lastError: string, serverDelayNote: string): string {
  return (
    `Could not reach the health endpoint at ${ctx.url}: ${lastError} (${attemptsText(ctx)}).${serverDelayNote} ` +
    'Check that the deployment URL is right and the deployment is up; if the endpoint is just slow, raise ' +
    `\`request-timeout\` (now ${formatDuration(ctx.settings.requestTimeoutMs)}) or \`health-timeout\` ` +
    `(now ${formatDuration(ctx.settings.healthTimeoutMs)}).`
  );
}

export function notFoundMessage(ctx: GiveUpContext): string {
  return (
    `HTTP 404 from ${ctx.url} (${attemptsText(ctx)}): there is no health endpoint at this path. ` +
    `Check \`health-path\` (now ${untrusted(ctx.settings.healthPath, 100)}; it is appended to the deployment URL, ` +
    'keeping its base path) and that this deployment includes the endpoint.'
  );
}

export function keptFailingMessage(
  ctx: GiveUpContext,
  status: number,
  bodyError: string | undefined,
  serverDelayNote: string,
): string {
  const verb = ctx.attempts > 1 ? 'kept answering' : 'answered';
  const what =
    status === 429
      ? `${verb} HTTP 429 (too many requests)`
      : `${verb} HTTP ${status} without a health document`;
  const body = bodyError ? ` The last body: ${bodyError}.` : '';
  const fix =
    status === 429
      ? 'Something in front of the app rate-limits the runner; raise `health-timeout` or allow the check through.'
      : "Check the deployment's function logs; raise `health-timeout` if it needs longer to start.";
  return `The health endpoint at ${ctx.url} ${what} (${attemptsText(ctx)}).${body}${serverDelayNote} ${fix}`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KiB`
      : `${bytes} bytes`;
}
