/**
 * The benchmark/evaluation report convention: print a readable table and write
 * `bench/results/<name>.json`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Folder all results go to. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/**
 * Render rows as an aligned plain-text table (first row = header).
 *
 * @example
 * table([["metric", "value"], ["p50_us", "12.3"]]);
 */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((row) => row.map(String));
  const widths: number[] = [];
  for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const [header, ...body] = cells;
  if (header === undefined) return "";
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/**
 * Write `bench/results/<name>.json` (pretty JSON, with the machine facts that make numbers comparable)
 * and return its path.
 *
 * @example
 * await writeResult("core", { p50_us: 12.3 });
 */
export async function writeResult(name: string, data: Record<string, unknown>): Promise<string> {
  const file = join(RESULTS_DIR, `${name}.json`);
  await mkdir(dirname(file), { recursive: true });
  const record = {
    ...data,
    machine: { node: process.versions.node, platform: process.platform, arch: process.arch },
    measured_at: new Date().toISOString(),
  };
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
