/**
 * In-memory streams for CLI tests.
 */
import { PassThrough, Readable } from "node:stream";
import type { CliIo } from "./io.ts";

/** CliIo over in-memory streams, with the collected output. */
export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

/**
 * Build a CliIo whose stdin yields `input` and whose stdout/stderr are captured.
 *
 * @example
 * const io = memoryIo('{"id":1,"text":"hi"}\n'); await scanCommand([], io); io.out();
 */
export function memoryIo(input: string): MemoryIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  return { stdin: Readable.from([input]), stdout, stderr, out: () => out, err: () => err };
}
