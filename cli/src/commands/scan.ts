/**
 * `nethical scan`: `{"id","text"}` lines in, `{"id","findings":[{"type","subtype"?,"start","end","score"}]}`
 * lines out, one per input line, in order.
 */
import { scanText } from "@nethical/core";
import type { CliIo } from "../io.ts";
import { LineProblem, mapJsonLines } from "../jsonl.ts";

/** One scanned line. */
export interface ScanResult {
  id: string | number | null;
  findings: { type: string; subtype?: string; start: number; end: number; score: number }[];
}

/**
 * Scan one `{"id","text"}` value. Throws {@link LineProblem} for a value of the wrong shape.
 *
 * @example
 * scanLine({ id: 1, text: "mail me at a@b.io" }).findings[0].type; // "EMAIL_ADDRESS"
 */
export function scanLine(value: unknown): ScanResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LineProblem("Invalid scan input", 'expected an object {"id", "text"}');
  }
  const { id = null, text } = value as { id?: unknown; text?: unknown };
  if (typeof text !== "string") throw new LineProblem("Invalid scan input", '"text" must be a string');
  if (id !== null && typeof id !== "string" && typeof id !== "number") {
    throw new LineProblem("Invalid scan input", '"id" must be a string or a number');
  }
  const findings = scanText(text).map((f) => ({
    type: f.type,
    ...(f.subtype === undefined ? {} : { subtype: f.subtype }),
    start: f.start,
    end: f.end,
    score: f.score,
  }));
  return { id, findings };
}

/**
 * Run `nethical scan` over the given streams. Exit code 0 when every line was scanned, 1 otherwise.
 *
 * @example
 * const code = await scanCommand([], { stdin, stdout, stderr });
 */
export async function scanCommand(_args: string[], io: CliIo): Promise<number> {
  const { failed } = await mapJsonLines(io.stdin, io.stdout, scanLine);
  return failed === 0 ? 0 : 1;
}
