/** Sections are joined by a blank line, so a table always ends before the next block (and the note) starts. */
const SEPARATOR = '\n\n';

/** A section that must survive a cut, e.g. the rules table: it loses lines only once nothing else is left. */
export interface KeptSection {
  text: string;
  keep: true;
  /**
   * All or nothing: a cut drops the whole section, never some of its lines. For blocks a partial cut would
   * break, such as a fenced code block whose closing fence would be lost.
   */
  whole?: true | undefined;
}

/**
 * Joins `sections` and, when the text would exceed `limit` characters, drops whole lines from the end of
 * the longest section until it fits with `note` appended after a blank line. A line is the unit: a table
 * row is either there in full or gone, and the note never lands inside a table. Kept sections are cut only
 * when the others are gone and it still does not fit.
 */
export function fitWithin(sections: Array<string | KeptSection>, limit: number, note: string): string {
  const parts = sections
    .map((s) => (typeof s === 'string' ? { text: s, keep: false } : s))
    .filter((s) => s.text.length > 0)
    .map((s) => ({
      lines: s.text.split('\n'),
      length: s.text.length,
      keep: s.keep,
      whole: 'whole' in s && s.whole === true,
    }));
  const joinedLength = () => {
    const kept = parts.filter((p) => p.lines.length > 0);
    return kept.reduce((sum, p) => sum + p.length, 0) + SEPARATOR.length * Math.max(0, kept.length - 1);
  };
  // After a cut, blank lines left dangling at a section's end only add noise (and never lengthen the text).
  const render = (trim: boolean) =>
    parts
      .map((p) => (trim ? p.lines.join('\n').replace(/\s+$/, '') : p.lines.join('\n')))
      .filter((text, i) => (parts[i]?.lines.length ?? 0) > 0 && text.length > 0)
      .join(SEPARATOR);

  if (joinedLength() <= limit) return render(false);
  const budget = limit - SEPARATOR.length - note.length;
  if (budget <= 0) return note.slice(0, Math.max(0, limit));

  let total = joinedLength();
  while (total > budget) {
    const longest = longestPart(parts.filter((p) => !p.keep)) ?? longestPart(parts);
    if (!longest) break;
    const dropped = longest.whole ? longest.lines.splice(0).join('\n') : (longest.lines.pop() ?? '');
    if (longest.lines.length > 0) {
      longest.length -= dropped.length + 1;
      total -= dropped.length + 1;
    } else {
      // The section is gone, and with it the separator that joined it to its neighbour.
      total -=
        longest.length + (parts.some((p) => p !== longest && p.lines.length > 0) ? SEPARATOR.length : 0);
      longest.length = 0;
    }
  }
  const kept = render(true);
  return kept ? `${kept}${SEPARATOR}${note}` : note;
}

/** The longest section still holding lines; on a tie the later one, as sections come most important first. */
function longestPart<T extends { lines: string[]; length: number }>(parts: T[]): T | undefined {
  let best: T | undefined;
  for (const part of parts) {
    if (part.lines.length > 0 && (!best || part.length >= best.length)) best = part;
  }
  return best;
}
