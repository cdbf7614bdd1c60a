/**
 * Shorter values are not secrets (a header like `X-Env: dev`, a flag `1`): masking every `dev` or `1` in a log
 * or report would mangle it without protecting anything, so they are neither redacted nor given to the
 * runner's `add-mask`.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * The secrets of this process, known as soon as the inputs are read. Remote text is cut to length long
 * before it reaches a log line or a report (a service's details, a Vercel message), so redaction at the
 * output alone would let the first characters of a cut secret through; `untrusted()` redacts these before
 * it cuts. Like the runner's own mask list, it only grows.
 */
const registered = new Set<string>();
/** Longest first, so a secret that contains another is masked whole; rebuilt when the set grows. */
let ordered: string[] = [];

/** Remembers secrets for every later redaction; values shorter than MIN_SECRET_LENGTH are not secrets. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  let grew = false;
  for (const value of values) {
    if (typeof value === 'string' && isSecretLength(value) && !registered.has(value)) {
      registered.add(value);
      grew = true;
    }
  }
  if (grew) ordered = [...registered].sort((a, b) => b.length - a.length);
}

export function isSecretLength(value: string): boolean {
  return value.length >= MIN_SECRET_LENGTH;
}

/** Every occurrence of a registered secret, or one of `extra`, in `text` replaced by `***`. */
export function redact(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const secret of extra.length ? [...extra].sort((a, b) => b.length - a.length) : []) {
    if (isSecretLength(secret) && out.includes(secret)) out = out.split(secret).join('***');
  }
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}
