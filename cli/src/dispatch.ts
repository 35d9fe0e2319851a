/**
 * Subcommand dispatch shared by the `nethical` and `nethical-edge` commands: help, unknown commands, and
 * a last-resort catch so a command's unexpected error is a clear message and exit code 1, never a crash.
 */
import type { Writable } from "node:stream";

/** A subcommand: its arguments and streams in, exit code out. */
export type Command<Io> = (args: string[], io: Io) => Promise<number>;

/**
 * Run `argv` (without node and script) against a command table and return the exit code: 0 for help,
 * 2 for no or an unknown command (usage on stderr), 1 when a command throws.
 *
 * @example
 * process.exitCode = await dispatch("nethical", USAGE, { scan: scanCommand }, ["scan"], io);
 */
export async function dispatch<Io extends { stdout: Writable; stderr: Writable }>(
  program: string,
  usage: string,
  commands: Record<string, Command<Io>>,
  argv: string[],
  io: Io,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout).write(usage);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.stderr.write(`${program}: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`${program} ${name}: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}
