/**
 * Fairness figures from decision counts per cohort: rates, parity difference and disparate impact with
 * confidence intervals. Pure: no I/O.
 */
export { katzRatio, newcombe, wilson, Z_95, type Interval } from "./intervals.ts";
export { cohortId, cohortKey, contextValue } from "./cohort.ts";
export { fairnessReport, type CohortCounts, type CohortFigures, type FairnessOptions, type FairnessReport } from "./report.ts";
