/**
 * Streams of the CLI, passed in so commands can be tested with in-memory streams.
 */
import type { Readable, Writable } from "node:stream";

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * Write a chunk and wait for the stream to accept it (back-pressure), so piping millions of lines never
 * buffers them all in memory.
 *
 * @example
 * await writeChunk(process.stdout, '{"ok":true}\n');
 */
export function writeChunk(stream: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else stream.once("drain", resolve);
  });
}
