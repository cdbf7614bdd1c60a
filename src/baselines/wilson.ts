// The Wilson score interval of a proportion: E. B. Wilson, "Probable inference, the law of succession, and
// statistical inference", JASA 22 (1927) 209–212; recommended over the plain p ± z·√(p(1−p)/n) by
// R. G. Newcombe, "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17 (1998)
// 857–872, and by Brown, Cai and DasGupta, Statistical Science 16 (2001) 101–133. It stays inside [0, 1] and
// says something sensible about 0 errors of 3 samples, where the plain interval collapses to [0, 0].
// simple-statistics has no proportion interval, hence this one formula here.

export interface WilsonInterval {
  /** Lower and upper bound of the proportion (0..1). */
  low: number;
  high: number;
  /** The interval's centre, (p̂ + z²/2n) / (1 + z²/n): p̂ pulled towards ½ by how little n says. */
  center: number;
}

/**
 * The Wilson score interval for `successes` of `n` at `z` standard errors (1.96 for 95 %):
 *
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √( p̂(1 − p̂)/n + z²/(4n²) )
 *
 * with p̂ = successes / n. Undefined for n = 0 (nothing observed) or impossible counts.
 */
export function wilson(successes: number, n: number, z: number): WilsonInterval | undefined {
  if (!(n > 0) || !(successes >= 0) || successes > n || !(z >= 0)) return undefined;
  const p = successes / n;
  const z2n = (z * z) / n;
  const denominator = 1 + z2n;
  const center = (p + z2n / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At 0 of n and n of n a bound is exactly 0 or 1; floating point would leave it a hair off.
  return {
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === n ? 1 : Math.min(1, center + half),
    center,
  };
}
