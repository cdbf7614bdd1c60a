/**
 * Every occurrence of a secret in `text` replaced by `***`. Values shorter than 4 characters are left: they
 * are not real secrets (a header like `X-Env: dev`), and masking every `dev` would mangle the text.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
