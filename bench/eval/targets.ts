/**
 * The issue-6 targets, checked from measured numbers: each row says met or MISSED (never hidden).
 */

/** One target row. */
export interface TargetRow {
  target: string;
  measured: string;
  met: boolean;
}

/**
 * A target row from a measured value and a predicate.
 *
 * @example
 * target("PII F1 EMAIL ≥ 0.95", 1, (v) => v >= 0.95).met; // true
 */
export function target(name: string, value: number | null, ok: (v: number) => boolean, show: (v: number) => string = (v) => v.toFixed(3)): TargetRow {
  return value === null ? { target: name, measured: "not measured", met: false } : { target: name, measured: show(value), met: ok(value) };
}

/**
 * Render rows as a markdown table with met / MISSED.
 *
 * @example
 * targetsMarkdown([{ target: "t", measured: "1", met: true }]); // "| target | measured | status |\n…"
 */
export function targetsMarkdown(rows: readonly TargetRow[]): string {
  return ["| target | measured | status |", "|---|---|---|", ...rows.map((r) => `| ${r.target} | ${r.measured} | ${r.met ? "met" : "MISSED"} |`)].join("\n");
}
