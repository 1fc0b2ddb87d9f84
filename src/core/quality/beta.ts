/**
 * Beta-distribution tail probabilities for the error-pattern rule, exact for integer parameters.
 *
 * Why not a general incomplete-beta routine (continued fractions, log-gamma) or an npm package: the
 * pattern rule only ever needs integer parameters (an integer prior plus counts), and for those the
 * regularized incomplete beta function equals a binomial tail, I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a),
 * a finite sum with no approximation error to test for.
 */

/** P(X ≤ k) for X ~ Binomial(n, p); n a non-negative integer, p in [0, 1]. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  // Terms by the ratio C(n,i)p^i q^(n−i) / C(n,i−1)p^(i−1)q^(n−i+1), from i = 0, in log space for the first.
  let term = Math.exp(n * Math.log1p(-p));
  let sum = term;
  const odds = p / (1 - p);
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * odds;
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * The regularized incomplete beta function I_x(a, b) — the CDF at `x` of Beta(a, b) — for positive
 * integers `a` and `b` and x in [0, 1]. Throws on non-integer parameters.
 */
export function regularizedBetaInt(x: number, a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < 1) throw new RangeError('a and b must be positive integers');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // I_x(a, b) = P(Bin(a+b−1, x) ≥ a) = 1 − P(Bin(a+b−1, x) ≤ a − 1)
  return 1 - binomialCdf(a - 1, a + b - 1, x);
}

/** P(θ > `threshold`) for θ ~ Beta(a, b), a and b positive integers. */
export function betaTailAbove(threshold: number, a: number, b: number): number {
  if (threshold <= 0) return 1;
  if (threshold >= 1) return 0;
  return binomialCdf(a - 1, a + b - 1, threshold);
}
