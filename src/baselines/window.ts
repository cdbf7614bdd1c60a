// Splitting a target's series at a run: the runs of the window that ends with it, the last few of which are
// judged ("recent") against the ones before them (the baseline window).

/** The points of `series` (oldest first) in [now − windowMs, now], found by binary search. */
export function pointsInWindow<T extends { at: number }>(
  series: readonly T[],
  now: number,
  windowMs: number,
): T[] {
  return series.slice(firstAtOrAfter(series, now - windowMs), firstAtOrAfter(series, now, true));
}

/** The index of the first point at or after `at` (after it, when `strictlyAfter`). */
function firstAtOrAfter(series: readonly { at: number }[], at: number, strictlyAfter = false): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = (series[mid] as { at: number }).at;
    if (t < at || (strictlyAfter && t === at)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The window's points split into the baseline (all but the last `of`) and the recent `of` (this run last). */
export function splitRecent<T>(points: readonly T[], of: number): { window: T[]; recent: T[] } {
  const cut = Math.max(0, points.length - of);
  return { window: points.slice(0, cut), recent: points.slice(cut) };
}

/** `24 h`, `90 min`: a window's length as the reasons say it. */
export function windowText(windowMs: number): string {
  const minutes = Math.round(windowMs / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
