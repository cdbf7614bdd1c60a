import { untrusted } from '../util/text.js';

// Markdown building blocks for the job summary and the check run. Everything that did not come from this
// code goes through `md()`: one line, no HTML, no `|` that ends a table cell, no link or image of its own.

/** Remote or free text as inline Markdown, safe in a table cell and in a paragraph. */
export function md(value: unknown, max = 200): string {
  // Escaping the backslash first keeps `\|` in remote text from turning our `\|` back into a bare `|`.
  return untrusted(value, max)
    .replace(/[\\|[\]]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Like `md()`, for text that starts a line: a leading `#`, `-`, `=` or `1.` would become a heading or list. */
export function mdLine(value: unknown, max = 500): string {
  const text = md(value, max);
  return /^(?:[#+\-*=_~]|\d+[.)])/.test(text) ? `\\${text}` : text;
}

/** An identifier in a code span when it is plain enough to sit in one; otherwise escaped text. */
export function code(value: string): string {
  return /^[\w.:/@+-]{1,120}$/.test(value) ? `\`${value}\`` : md(value, 120);
}

/**
 * An http(s) URL that is safe as a Markdown link target, or undefined. Characters that could end the link
 * or the table cell are percent-encoded; credentials are dropped.
 */
export function safeHref(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.username = '';
  url.password = '';
  return url.href.replace(
    /[()|[\]<>"'`\\ ]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** `[text](url)` when the URL is safe, else the text alone, so a bad URL still reads. */
export function link(text: string, url: string | undefined, max = 120): string {
  const href = safeHref(url);
  return href ? `[${md(text, max)}](${href})` : md(text, max);
}

/** A link that shows its own URL. */
export function urlLink(url: string | undefined): string {
  return url ? link(url, url, 120) : '—';
}

/** A two-column table without a header text, for facts about one thing. */
export function factTable(rows: Array<[string, string]>): string {
  return ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}
