/**
 * JSON-lines processing: one output line per input line, in order. A bad line produces an error object on
 * its own line (never a crash), so a caller can zip inputs and outputs.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { writeChunk } from "./io.ts";

/** The error object written in place of an output for a line that could not be processed. */
export interface LineError {
  error: { line: number; title: string; detail: string };
}

/** Thrown by a line handler to report a clear, user-facing problem with that line. */
export class LineProblem extends Error {
  readonly title: string;
  constructor(title: string, detail: string) {
    super(detail);
    this.title = title;
  }
}

/**
 * Read JSON lines from `input`, call `handle` on each parsed value, write its result as one JSON line.
 * Blank lines are skipped (no output). Returns counts so the command can pick its exit code.
 *
 * @example
 * const { ok, failed } = await mapJsonLines(process.stdin, process.stdout, (value) => ({ echo: value }));
 */
export async function mapJsonLines(
  input: Readable,
  output: Writable,
  handle: (value: unknown, lineNumber: number) => unknown,
): Promise<{ ok: number; failed: number }> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let ok = 0;
  let failed = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === "") continue;
    let result: unknown;
    try {
      result = handle(parseLine(line), lineNumber);
      ok += 1;
    } catch (error) {
      failed += 1;
      result = toLineError(error, lineNumber);
    }
    await writeChunk(output, `${JSON.stringify(result)}\n`);
  }
  return { ok, failed };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    // The parser's own message quotes the input; never echo it (it may hold PII or secrets).
    throw new LineProblem("Malformed JSON", `line is not valid JSON (${(error as Error).name})`);
  }
}

function toLineError(error: unknown, line: number): LineError {
  if (error instanceof LineProblem) return { error: { line, title: error.title, detail: error.message } };
  return { error: { line, title: "Could not process line", detail: (error as Error)?.message ?? String(error) } };
}
