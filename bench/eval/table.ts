/**
 * Plain-text tables for the evaluation report.
 */

/**
 * Format rows as an aligned text table with a header and a separator line.
 *
 * @example
 * formatTable(["a", "b"], [["1", "22"]]); // "a | b \n--+---\n1 | 22"
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-+-"), ...rows.map(line)].join("\n");
}

/**
 * A number as a fixed-point string, or "—" for null/undefined.
 *
 * @example
 * fmt(0.98765); // "0.988"
 * fmt(null);    // "—"
 */
export function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined ? "—" : v.toFixed(digits);
}

/**
 * A rate as "hits/total (xx.x%)".
 *
 * @example
 * pct(9, 10); // "9/10 (90.0%)"
 */
export function pct(hits: number, total: number): string {
  return `${hits}/${total} (${total === 0 ? "—" : `${((100 * hits) / total).toFixed(1)}%`})`;
}
