import { SettingsError } from '../settings/settings.js';
import { withDefaultScheme } from '../util/url.js';

/** One thing the monitor watches: a stable name (the history's key) and the URL it checks. */
export interface MonitorTarget {
  name: string;
  url: string;
  /** Set when the target is a Vercel project's current production (re-resolved every run). */
  vercel?: { project: string; deploymentId: string; sha?: string | undefined } | undefined;
}

// No `--`: an incident's marker is an HTML comment, which `--` would end.
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const isName = (name: string) => NAME.test(name) && !name.includes('--');

/**
 * The `targets` input: one a line, `URL` or `name=URL` (name: `[a-z0-9-]`, the key the history and the
 * incidents are filed under). A URL alone is named after its host (`shop-example-com`). Blank lines and `#`
 * comments are skipped. Every problem is a configuration error naming the line and the fix, before any
 * request (the value is not a file, so the message says "line N of `targets`").
 */
export function parseTargets(text: string): MonitorTarget[] {
  const problems: string[] = [];
  const targets: MonitorTarget[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${index + 1} of \`targets\``;
    const eq = line.indexOf('=');
    const schemeAt = line.search(/:\/\//);
    const named = eq > 0 && (schemeAt < 0 || eq < schemeAt);
    const name = named ? line.slice(0, eq).trim() : undefined;
    const urlText = named ? line.slice(eq + 1).trim() : line;
    const url = readUrl(urlText);
    if (typeof url !== 'string') {
      // A line with credentials is not quoted: they may be a secret.
      const quoted = url.secret ? '' : ` ("${cutText(line)}")`;
      problems.push(
        `${where}${quoted} ${url.problem}; write one target a line, \`URL\` or \`name=URL\`, e.g. shop=https://shop.example.com`,
      );
      return;
    }
    const finalName = name ?? nameFromUrl(url);
    if (!isName(finalName)) {
      problems.push(
        `${where} names the target "${cutText(finalName)}"; a name is lower-case letters, digits and hyphens (at most 64, no leading, trailing or double hyphen), e.g. shop-api=${url}`,
      );
      return;
    }
    const earlier = targets.find((t) => t.name === finalName);
    if (earlier) {
      problems.push(
        `${where} names the target "${finalName}" again; every target needs its own name (write \`name=URL\`, e.g. ${finalName}-2=${url})`,
      );
      return;
    }
    targets.push({ name: finalName, url });
  });
  if (problems.length) throw new SettingsError(problems);
  return targets;
}

/**
 * The target name of a Vercel project (`My Shop` → `my-shop`): what the monitor files a project's current
 * production under, and what the gate's deployment markers use, so both land on the same target.
 */
export const projectTargetName = (project: string): string =>
  project
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '') || 'project';

/** `https://Shop.Example.com:8443/x` → `shop-example-com-8443-x`: a stable, readable key for a bare URL. */
export function nameFromUrl(url: string): string {
  const u = new URL(url);
  const text = `${u.host}${u.pathname}`.toLowerCase();
  return text
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

function readUrl(text: string): string | { problem: string; secret?: boolean } {
  let url: URL;
  try {
    url = new URL(withDefaultScheme(text));
  } catch {
    return { problem: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `is not an http(s) URL` };
  if (url.username || url.password) {
    return {
      problem: 'carries credentials in the URL (pass them as `headers` or `protection-bypass`)',
      secret: true,
    };
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** A line quoted in a message: short, and never a secret's full length of text. */
function cutText(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
