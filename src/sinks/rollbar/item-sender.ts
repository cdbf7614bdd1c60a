import type Rollbar from 'rollbar';
import { quoteRollbar, type Trouble } from '../../clients/rollbar-trouble.js';
import { describeTransportError } from '../../clients/transport-error.js';
import type { Deps } from '../../model/deps.js';
import { formatDuration } from '../../util/text.js';
import { abandonRequestsTo } from './abandon.js';
import type { AlertItem } from './alert-items.js';

export interface ItemSenderEnv {
  token: string;
  /** API base ending with `/`; the SDK posts to `{endpoint}item/`. */
  endpoint: string;
  environment: string;
  /** The deployed commit: Rollbar links items to the deploy of the same revision. */
  codeVersion: string;
  /** Field names the SDK masks wherever they appear (its defaults are kept). */
  scrubFields: string[];
  /** The most the items get to reach Rollbar. */
  flushMs: number;
  deps: Deps;
}

/** What became of one item: accepted (`trouble` undefined) or not. */
export interface Delivery {
  item: AlertItem;
  trouble: Trouble | undefined;
}

/**
 * Sends the items through the Rollbar SDK and waits for Rollbar's answers, at most `flushMs`; requests still
 * open then are abandoned. Never throws.
 */
export async function sendAlertItems(items: AlertItem[], env: ItemSenderEnv): Promise<Delivery[]> {
  if (items.length === 0) return [];
  const itemUrl = new URL('item/', env.endpoint);
  const where = `POST ${itemUrl.pathname}`;
  // The SDK (with its dependencies, a good part of the bundle) is loaded only by a run that sends items.
  const { default: RollbarSdk } = await import('rollbar');
  const rollbar = createNotifier(RollbarSdk, env, itemUrl, items.length);

  const answers = new Map<AlertItem, Trouble | undefined>();
  let allAnswered: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => {
    allAnswered = resolve;
  });
  for (const item of items) {
    const onAnswer = (error: Error | null | undefined) => {
      if (answers.has(item)) return; // Late answer of an abandoned request.
      answers.set(item, error ? troubleOf(error, where) : undefined);
      if (answers.size === items.length) allAnswered();
    };
    try {
      rollbar[item.level](
        item.message,
        { ...item.custom, fingerprint: item.fingerprint, title: item.title },
        onAnswer,
      );
    } catch (error) {
      onAnswer(error instanceof Error ? error : new Error(String(error)));
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const flushed = await Promise.race([
    answered.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), env.flushMs);
    }),
  ]);
  clearTimeout(timer);
  if (!flushed) abandonRequestsTo(itemUrl);

  return items.map((item) => ({
    item,
    trouble: answers.has(item)
      ? answers.get(item)
      : { kind: 'timeout', detail: `${where} got no answer within ${formatDuration(env.flushMs)}` },
  }));
}

/**
 * The SDK, set up as a well-behaved guest in someone else's process: no global handlers for uncaught
 * errors or rejections, no instrumentation of `http` or the console, no logging of its own (it would print
 * Rollbar's answers unescaped), nothing read from the environment (every default that would be is given),
 * no retries past our flush, and its scrubbing on.
 */
function createNotifier(
  RollbarSdk: typeof Rollbar,
  env: ItemSenderEnv,
  itemUrl: URL,
  count: number,
): Rollbar {
  const options: Rollbar.Configuration = {
    accessToken: env.token,
    endpoint: itemUrl.toString(),
    environment: env.environment,
    codeVersion: env.codeVersion,
    host: 'deployment-health-gate',
    captureUncaught: false,
    captureUnhandledRejections: false,
    exitOnUncaughtException: false,
    captureLambdaTimeouts: false,
    autoInstrument: false,
    captureIp: false,
    captureEmail: false,
    captureUsername: false,
    includeItemsInTelemetry: false,
    maxTelemetryEvents: 0,
    sendConfig: false,
    nodeSourceMaps: false,
    reportLevel: 'debug',
    verbose: false,
    // Not one of the SDK's typed levels, but what its logger takes to print nothing at all.
    logLevel: 'disable' as Rollbar.Level,
    retryInterval: null,
    maxRetries: 0,
    // The SDK's per-process limit; the reporter caps items per run itself.
    itemsPerMinute: Math.max(60, count),
    scrubFields: env.scrubFields,
    scrubRequestBody: true,
    timeout: env.flushMs,
    transform: placeItemFields,
  };
  return new RollbarSdk(options);
}

/** The fields of an occurrence's `data` in Rollbar's item format; anything else at the top is a copy. */
const ROLLBAR_DATA_FIELDS = new Set([
  'environment',
  'body',
  'level',
  'timestamp',
  'code_version',
  'platform',
  'language',
  'framework',
  'context',
  'request',
  'person',
  'server',
  'client',
  'custom',
  'fingerprint',
  'title',
  'uuid',
  'notifier',
  'attributes',
]);

/**
 * Rollbar reads `fingerprint` and `title` at the top of an occurrence's data. The SDK copies every key of the
 * custom data to the top as well; this keeps the two that belong there, puts the rest back under `custom`
 * only, and drops the command line the SDK adds (a CLI run may carry a token in it).
 */
function placeItemFields(data: Record<string, unknown>): void {
  const custom = data.custom as Record<string, unknown> | undefined;
  if (custom) {
    for (const key of Object.keys(custom)) if (!ROLLBAR_DATA_FIELDS.has(key)) delete data[key];
    if (typeof custom.fingerprint === 'string') data.fingerprint = custom.fingerprint;
    if (typeof custom.title === 'string') data.title = custom.title;
    delete custom.fingerprint;
    delete custom.title;
  }
  const server = data.server as Record<string, unknown> | undefined;
  if (server) {
    delete server.argv;
    delete server.pid;
  }
}

/**
 * The SDK reports failures as errors without the HTTP status: transport errors carry a code, Rollbar's
 * refusals read `Api error: <Rollbar's message>`, its own rate limiting `Exceeded rate limit`.
 */
function troubleOf(error: Error, where: string): Trouble {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const described = describeTransportError(error);
    if (described.error === 'timeout') return { kind: 'timeout', detail: `${where}: ${described.message}` };
    return { kind: 'unreachable', detail: `${where}: ${described.message}` };
  }
  if (error instanceof SyntaxError) {
    return { kind: 'unavailable', detail: `${where} got an answer that is not JSON` };
  }
  const said = error.message.replace(/^Api error: /, '');
  const detail = `${where}: ${quoteRollbar(said)}`;
  if (/rate limit/i.test(said)) return { kind: 'rate-limit', detail };
  if (/token|scope|privilege|unauthori[sz]ed|forbidden|permission/i.test(said))
    return { kind: 'token', detail };
  return { kind: 'unavailable', detail };
}
