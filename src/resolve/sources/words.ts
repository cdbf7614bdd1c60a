/** Joins the parts of a label that are present: `words('GitHub deployment', 42, undefined)`. */
export function words(...parts: Array<string | number | undefined | null | false>): string {
  return parts.filter((p) => p !== undefined && p !== null && p !== false && p !== '').join(' ');
}
