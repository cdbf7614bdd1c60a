import { untrusted } from '../../util/text.js';

// Remote text (service names and details, health messages, rule titles from a config file) in an issue is
// read by GitHub twice: as Markdown, and then by the filters that turn `@name` into a notification,
// `#12` and `org/repo#12` into cross-references, and bare URLs and e-mail addresses into links. So remote
// text here is one line (`untrusted`: no line breaks, no control or bidi characters, no workflow commands,
// secrets redacted), every ASCII punctuation mark is backslash-escaped (no emphasis, links, images, HTML,
// entities or code of its own), and a zero-width joiner breaks what the filters look for in the rendered
// text: `@name`, `#12`, `://` and `www.`.

const ZWJ = '\u200d';
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?[\\\]^_`{|}~]/g;

/** Remote or free text as inline Markdown that renders as exactly that text and notifies or links nobody. */
export function inlineText(value: unknown, max = 300): string {
  return defuse(untrusted(value, max).replace(PUNCTUATION, '\\$&'));
}

/**
 * An identifier (a service key, a rule id) in a code span: nothing inside a code span is Markdown, a mention
 * or a link. The fence is one backtick longer than any run of backticks inside, as CommonMark asks.
 */
export function codeSpan(value: unknown, max = 120): string {
  const text = untrusted(value, max);
  if (!text.trim()) return inlineText(text || '(none)', max);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side keeps a leading or trailing backtick from joining the fence; CommonMark strips it.
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** Breaks mentions, issue references and autolinks in text that has been escaped already. */
function defuse(escaped: string): string {
  return escaped
    .replace(/@/g, `@${ZWJ}`)
    .replace(/\\#/g, `\\#${ZWJ}`)
    .replace(/\\:\\\/\\\//g, `\\:${ZWJ}\\/\\/`)
    .replace(/(w{3})\\\./gi, `$1${ZWJ}\\.`);
}
