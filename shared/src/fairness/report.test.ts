/**
 * Fairness figures against a fixture computed by hand (z = 1.959964 for 95 %, z² = 3.841459).
 *
 * Fixture (favourable = ALLOW):
 *   cohort A: 100 decisions — 80 ALLOW, 10 RESTRICT, 10 BLOCK        → rate 0.80 (reference: largest)
 *   cohort B:  50 decisions — 30 ALLOW,  5 RESTRICT, 14 BLOCK, 1 TERMINATE → rate 0.60
 *   cohort C:   8 decisions —  8 ALLOW                                → under min_cohort 10: too small
 *
 * Wilson interval, p = x/n:  d = 1 + z²/n,  c = (p + z²/2n) / d,  h = z·√(p(1−p)/n + z²/4n²) / d,  [c − h, c + h]
 *   A: d = 1 + 3.841459/100 = 1.038415;  c = (0.8 + 0.019207)/1.038415 = 0.788902;
 *      h = 1.959964·√(0.0016 + 0.000096)/1.038415 = 1.959964·0.041183/1.038415 = 0.077731
 *      → [0.711171, 0.866633]
 *   B: d = 1 + 3.841459/50 = 1.076829;   c = (0.6 + 0.038415)/1.076829 = 0.592865;
 *      h = 1.959964·√(0.0048 + 0.000384)/1.076829 = 1.959964·0.072000/1.076829 = 0.131051
 *      → [0.461814, 0.723916]
 *
 * Statistical parity difference B − A = 0.6 − 0.8 = −0.2; Newcombe:
 *   low  = −0.2 − √((pB − lB)² + (uA − pA)²) = −0.2 − √(0.138186² + 0.066633²) = −0.2 − √(0.019095 + 0.004440) = −0.353412
 *   high = −0.2 + √((uB − pB)² + (pA − lA)²) = −0.2 + √(0.123916² + 0.088829²) = −0.2 + √(0.015355 + 0.007891) = −0.047534
 *
 * Disparate impact B ÷ A = 0.6 / 0.8 = 0.75; Katz: ln 0.75 = −0.287682,
 *   se = √(1/30 − 1/50 + 1/80 − 1/100) = √(0.033333 − 0.02 + 0.0125 − 0.01) = √0.015833 = 0.125831
 *   → [exp(−0.287682 − 1.959964·0.125831), exp(−0.287682 + 1.959964·0.125831)] = [exp(−0.534306), exp(−0.041058)] = [0.586076, 0.959773]
 *
 * The reference against itself: difference 0 with Newcombe [0 − √((pA−lA)² + (uA−pA)²), 0 + √(…)] = ±√(0.088829² + 0.066633²) = ±0.111043;
 * ratio 1 with Katz se = √(2·(1/80 − 1/100)) = √0.005 = 0.070711 → [exp(−0.138591), exp(0.138591)] = [0.870584, 1.148655].
 */
import { describe, expect, it } from "vitest";
import { katzRatio, newcombe, wilson } from "./intervals.ts";
import { fairnessReport, type CohortCounts, type CohortFigures } from "./report.ts";

const A: CohortCounts = { cohort: "a1", label: "A", ALLOW: 80, RESTRICT: 10, BLOCK: 10, TERMINATE: 0 };
const B: CohortCounts = { cohort: "b2", label: "B", ALLOW: 30, RESTRICT: 5, BLOCK: 14, TERMINATE: 1 };
const C: CohortCounts = { cohort: "c3", label: null, ALLOW: 8, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 };

function ok(f: CohortFigures | undefined) {
  if (f === undefined || f.status !== "ok") throw new Error("expected figures");
  return f;
}

describe("intervals against the hand computation", () => {
  it("Wilson", () => {
    const a = wilson(80, 100);
    expect(a.low).toBeCloseTo(0.711171, 5);
    expect(a.high).toBeCloseTo(0.866633, 5);
    const b = wilson(30, 50);
    expect(b.low).toBeCloseTo(0.461814, 5);
    expect(b.high).toBeCloseTo(0.723916, 5);
  });

  it("Newcombe for the difference and Katz for the ratio", () => {
    const d = newcombe(30, 50, 80, 100);
    expect(d.low).toBeCloseTo(-0.353412, 5);
    expect(d.high).toBeCloseTo(-0.047534, 5);
    const r = katzRatio(30, 50, 80, 100)!;
    expect(r.low).toBeCloseTo(0.586076, 5);
    expect(r.high).toBeCloseTo(0.959773, 5);
    expect(katzRatio(0, 50, 80, 100)).toBeNull();
  });

  it("Wilson stays inside [0, 1] at the edges (0 of n and n of n)", () => {
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(10, 10).high).toBe(1);
    expect(wilson(0, 10).high).toBeGreaterThan(0);
    expect(() => wilson(3, 0)).toThrow(RangeError);
  });
});

describe("fairnessReport", () => {
  const report = fairnessReport([C, B, A], { minCohort: 10 });

  it("picks the largest cohort as reference and orders cohorts by size", () => {
    expect(report.reference).toBe("a1");
    expect(report.cohorts.map((c) => c.cohort)).toEqual(["a1", "b2", "c3"]);
    expect(report).toMatchObject({ favourable: "ALLOW", confidence: 0.95, min_cohort: 10, note: null });
  });

  it("reports B against A as computed by hand", () => {
    const b = ok(report.cohorts[1]);
    expect(b.counts).toEqual({ ALLOW: 30, RESTRICT: 5, BLOCK: 14, TERMINATE: 1 });
    expect(b.decisions).toBe(50);
    expect(b.favourable_rate).toBeCloseTo(0.6, 10);
    expect(b.restrict_rate).toBeCloseTo(0.1, 10);
    expect(b.statistical_parity_difference).toBeCloseTo(-0.2, 10);
    expect(b.statistical_parity_difference_ci!.low).toBeCloseTo(-0.353412, 5);
    expect(b.statistical_parity_difference_ci!.high).toBeCloseTo(-0.047534, 5);
    expect(b.disparate_impact_ratio).toBeCloseTo(0.75, 10);
    expect(b.disparate_impact_ratio_ci!.low).toBeCloseTo(0.586076, 5);
    expect(b.disparate_impact_ratio_ci!.high).toBeCloseTo(0.959773, 5);
    expect(b.reference).toBe(false);
  });

  it("the reference against itself: difference 0 ± 0.111043, ratio 1 in [0.870584, 1.148655]", () => {
    const a = ok(report.cohorts[0]);
    expect(a.reference).toBe(true);
    expect(a.statistical_parity_difference).toBe(0);
    expect(a.statistical_parity_difference_ci!.low).toBeCloseTo(-0.111043, 5);
    expect(a.statistical_parity_difference_ci!.high).toBeCloseTo(0.111043, 5);
    expect(a.disparate_impact_ratio).toBe(1);
    expect(a.disparate_impact_ratio_ci!.low).toBeCloseTo(0.870584, 5);
    expect(a.disparate_impact_ratio_ci!.high).toBeCloseTo(1.148655, 5);
  });

  it("a cohort under the minimum is 'too small' with its size and no number at all", () => {
    expect(report.cohorts[2]).toEqual({ cohort: "c3", label: null, status: "too_small", decisions: 8 });
  });

  it("RESTRICT is not favourable: turning B's RESTRICTs into ALLOWs raises its rate by 5/50", () => {
    const moved = fairnessReport([A, { ...B, ALLOW: 35, RESTRICT: 0 }], { minCohort: 10 });
    expect(ok(moved.cohorts[1]).favourable_rate - ok(report.cohorts[1]).favourable_rate).toBeCloseTo(0.1, 10);
  });

  it("a named reference (by label or id) is used; an unknown or too small one gives no comparison and says why", () => {
    const byB = fairnessReport([A, B, C], { minCohort: 10, reference: "B" });
    expect(byB.reference).toBe("b2");
    expect(ok(byB.cohorts[0]).disparate_impact_ratio).toBeCloseTo(0.8 / 0.6, 10);
    const tooSmall = fairnessReport([A, B, C], { minCohort: 10, reference: "c3" });
    expect(tooSmall.reference).toBeNull();
    expect(tooSmall.note).toMatch(/"c3" is unknown or has fewer than 10/);
    expect(ok(tooSmall.cohorts[0]).statistical_parity_difference).toBeNull();
    expect(ok(tooSmall.cohorts[0]).favourable_rate).toBeCloseTo(0.8, 10);
  });

  it("no cohort large enough: every cohort too small, a note, no reference", () => {
    const none = fairnessReport([C], { minCohort: 10 });
    expect(none).toMatchObject({ reference: null, note: "no cohort has 10 or more decisions", cohorts: [{ status: "too_small", decisions: 8 }] });
  });

  it("a reference whose favourable rate is 0 gives no ratio", () => {
    const zero = fairnessReport([{ ...A, ALLOW: 0, BLOCK: 90 }, B], { minCohort: 10 });
    const b = ok(zero.cohorts[1]);
    expect(b.disparate_impact_ratio).toBeNull();
    expect(b.disparate_impact_ratio_ci).toBeNull();
    expect(b.statistical_parity_difference).toBeCloseTo(0.6, 10);
  });
});
