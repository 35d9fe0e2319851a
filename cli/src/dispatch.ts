/**
 * Subcommand dispatch shared by the `nethical` and `nethical-edge` commands: help, unknown commands, and
 * a last-resort catch so a command's unexpected error is a clear message and exit code 1, never a crash.
 */
import type { Writable } from "node:stream";

/** A subcommand: its arguments and streams in, exit code out. */
export type Command<Io> = (args: string[], io: Io) => Promise<number>;

/**
 * Run `argv` (without node and script) against a command table and return the exit code: 0 for help
 * (`help`, `--help`; `help <command>`, and `<command> --help` or `-h` anywhere after a command but not
 * after `--`, which print that command's entry of `usage` without running it), 2 for no or an unknown
 * command (usage on stderr), 1 when a command throws.
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
    const topic = rest[0];
    if (name === "help" && topic !== undefined && Object.hasOwn(commands, topic)) {
      io.stdout.write(commandUsage(program, usage, topic));
      return 0;
    }
    (name === undefined ? io.stderr : io.stdout).write(usage);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.stderr.write(`${program}: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  // Only options count: after `--` everything is an operand (a file may be called "-h").
  const end = rest.indexOf("--");
  const options = end < 0 ? rest : rest.slice(0, end);
  if (options.includes("--help") || options.includes("-h")) {
    io.stdout.write(commandUsage(program, usage, name));
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`${program} ${name}: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}

/**
 * The help of one command, cut from the program's usage text: its line under `commands:` (syntax, two or
 * more spaces, description) and the lines indented below it.
 *
 * @example
 * commandUsage("nethical", USAGE, "lint"); // "usage: nethical lint POLICY [--format text|json]\n\n  static analysis …\n"
 */
export function commandUsage(program: string, usage: string, name: string): string {
  const lines = usage.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  ${name} `) || l === `  ${name}`);
  if (start < 0) return usage;
  const [syntax = name, ...description] = (lines[start] as string).trim().split(/ {2,}/);
  const more = [];
  for (let i = start + 1; i < lines.length && /^ {4,}\S/.test(lines[i] as string); i++) more.push((lines[i] as string).trim());
  const text = [...description, ...more].join(" ");
  return `usage: ${program} ${syntax}\n${text === "" ? "" : `\n  ${text}\n`}`;
}

