/**
 * The fairness report of `GET /v2/fairness`: per cohort the decision counts by outcome, the favourable
 * rate with its Wilson interval and, against a reference cohort, the statistical parity difference
 * (rate − reference rate, Newcombe interval) and the disparate impact ratio (rate ÷ reference rate, Katz
 * log interval). Favourable means ALLOW; RESTRICT, BLOCK and TERMINATE are not favourable (a RESTRICT
 * lets the action go ahead only under obligations, so it is counted apart and reported as its own rate,
 * never as favourable). Cohorts with fewer than `minCohort` decisions are reported as too small, with
 * their size only and no rate or comparison. The reference is the largest cohort large enough (ties:
 * the first by id), or the one named.
 */
import { katzRatio, newcombe, wilson, Z_95, type Interval } from "./intervals.ts";

/** Decision counts of one cohort. */
export interface CohortCounts {
  /** The cohort's id as stored (a keyed pseudonym of the context value; see docs). */
  cohort: string;
  /** A readable name when known (a value the tenant declared), else null. */
  label: string | null;
  ALLOW: number;
  RESTRICT: number;
  BLOCK: number;
  TERMINATE: number;
}

/** One cohort in the report. */
export type CohortFigures =
  | { cohort: string; label: string | null; status: "too_small"; decisions: number }
  | {
      cohort: string;
      label: string | null;
      status: "ok";
      decisions: number;
      counts: { ALLOW: number; RESTRICT: number; BLOCK: number; TERMINATE: number };
      favourable_rate: number;
      favourable_rate_ci: Interval;
      restrict_rate: number;
      reference: boolean;
      /** rate − reference rate, with Newcombe's interval; null when there is no reference to compare with. */
      statistical_parity_difference: number | null;
      statistical_parity_difference_ci: Interval | null;
      /** rate ÷ reference rate, with the Katz log interval; null without a reference or when its rate is 0. */
      disparate_impact_ratio: number | null;
      disparate_impact_ratio_ci: Interval | null;
    };

/** The whole report. */
export interface FairnessReport {
  favourable: "ALLOW";
  confidence: number;
  min_cohort: number;
  reference: string | null;
  cohorts: CohortFigures[];
  /** Why there is no comparison (no cohort large enough, or the named reference is too small/unknown). */
  note: string | null;
}

/** Options of {@link fairnessReport}. */
export interface FairnessOptions {
  minCohort: number;
  /** The reference cohort by id or label; default the largest cohort large enough. */
  reference?: string;
}

const total = (c: CohortCounts) => c.ALLOW + c.RESTRICT + c.BLOCK + c.TERMINATE;

/**
 * Compute the report from per-cohort counts.
 *
 * @example
 * fairnessReport([{ cohort: "a", label: "A", ALLOW: 80, RESTRICT: 10, BLOCK: 10, TERMINATE: 0 }, …], { minCohort: 10 });
 */
export function fairnessReport(counts: readonly CohortCounts[], options: FairnessOptions): FairnessReport {
  const z = Z_95;
  const sorted = [...counts].sort((a, b) => total(b) - total(a) || a.cohort.localeCompare(b.cohort));
  const large = sorted.filter((c) => total(c) >= options.minCohort);
  let reference: CohortCounts | undefined;
  let note: string | null = null;
  if (options.reference !== undefined) {
    reference = large.find((c) => c.cohort === options.reference || c.label === options.reference);
    if (reference === undefined) note = `reference cohort "${options.reference}" is unknown or has fewer than ${options.minCohort} decisions`;
  } else {
    reference = large[0];
    if (reference === undefined) note = `no cohort has ${options.minCohort} or more decisions`;
  }
  const cohorts: CohortFigures[] = sorted.map((c) => {
    const n = total(c);
    if (n < options.minCohort) return { cohort: c.cohort, label: c.label, status: "too_small", decisions: n };
    const rate = c.ALLOW / n;
    const base = { cohort: c.cohort, label: c.label, status: "ok" as const, decisions: n, counts: { ALLOW: c.ALLOW, RESTRICT: c.RESTRICT, BLOCK: c.BLOCK, TERMINATE: c.TERMINATE } };
    const figures = { favourable_rate: rate, favourable_rate_ci: wilson(c.ALLOW, n, z), restrict_rate: c.RESTRICT / n };
    if (reference === undefined) {
      return { ...base, ...figures, reference: false, statistical_parity_difference: null, statistical_parity_difference_ci: null, disparate_impact_ratio: null, disparate_impact_ratio_ci: null };
    }
    const rn = total(reference);
    const refRate = reference.ALLOW / rn;
    return {
      ...base,
      ...figures,
      reference: c === reference,
      statistical_parity_difference: rate - refRate,
      statistical_parity_difference_ci: newcombe(c.ALLOW, n, reference.ALLOW, rn, z),
      disparate_impact_ratio: refRate === 0 ? null : rate / refRate,
      disparate_impact_ratio_ci: katzRatio(c.ALLOW, n, reference.ALLOW, rn, z),
    };
  });
  return { favourable: "ALLOW", confidence: 0.95, min_cohort: options.minCohort, reference: reference?.cohort ?? null, cohorts, note };
}
