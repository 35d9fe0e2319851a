/**
 * The `nethical` command: dispatches to a subcommand.
 */
import { evalCommand } from "./commands/eval.ts";
import { scanCommand } from "./commands/scan.ts";
import type { CliIo } from "./io.ts";

const USAGE = `usage: nethical <command> [options]

commands:
  eval [--policy FILE] [--now TIME]   EvaluateRequest JSON lines on stdin → EvaluateResponse lines on stdout
  scan                                {"id","text"} lines on stdin → {"id","findings":[…]} lines on stdout
  help                                this text
`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  eval: evalCommand,
  scan: scanCommand,
};

/**
 * Run the CLI with `argv` (without node and script) and return the exit code.
 *
 * @example
 * process.exitCode = await main(["scan"], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`nethical: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command(rest, io);
}
