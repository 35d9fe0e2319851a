/**
 * The `nethical` command: dispatches to a subcommand.
 */
import { type Command, dispatch } from "./dispatch.ts";
import { auditCommand } from "./commands/audit.ts";
import { evalCommand } from "./commands/eval.ts";
import { scanCommand } from "./commands/scan.ts";
import { fmtCommand } from "./commands/fmt.ts";
import { lintCommand } from "./commands/lint.ts";
import { testCommand } from "./commands/test.ts";
import type { CliIo } from "./io.ts";

const USAGE = `usage: nethical <command> [options]

commands:
  eval [--policy FILE] [--now TIME]   EvaluateRequest JSON lines on stdin → EvaluateResponse lines on stdout
  scan                                {"id","text"} lines on stdin → {"id","findings":[…]} lines on stdout
  test POLICY TESTS...                run policy unit tests (YAML/JSON cases); exit 1 on a failing case
  lint POLICY [--format text|json]    static analysis (shadowed, unreachable, contradictory rules, unsafe regex)
  fmt POLICY [--write | --check]      canonical formatting of a policy file
  audit verify SEGMENT [--public-key KEY] [--complete FROM..TO] [--json]
                                      verify an exported audit segment offline; exit 1 if anything fails
  help                                this text
`;

const COMMANDS: Record<string, Command<CliIo>> = {
  eval: evalCommand,
  scan: scanCommand,
  audit: auditCommand,
  test: testCommand,
  lint: lintCommand,
  fmt: fmtCommand,
};

/**
 * Run the CLI with `argv` (without node and script) and return the exit code.
 *
 * @example
 * process.exitCode = await main(["scan"], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  return dispatch("nethical", USAGE, COMMANDS, argv, io);
}
