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
import { keysCommand } from "./commands/keys.ts";
import { policyCommand } from "./commands/policy.ts";
import { complianceCommand } from "./commands/compliance.ts";
import { transparencyCommand } from "./commands/transparency.ts";
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
  policy sign --pkcs11 MODULE --token LABEL --key LABEL --tenant TENANT --seq N [--key-id ID] [--pin-env VAR] [--out FILE] POLICY
                                      sign POLICY (YAML/JSON) as bundle seq N of TENANT, offline, with an Ed25519 key that
                                      stays on a PKCS#11 token; PIN from $NETHICAL_PKCS11_PIN (or --pin-env VAR); prints
                                      the signed bundle (or writes --out); exit 1 wrong PIN / missing key, token or module
  keys pkcs11-generate|pkcs11-show --pkcs11 MODULE --token LABEL --key LABEL [--pin-env VAR]
                                      pkcs11-generate: create a non-extractable, sensitive Ed25519 key pair LABEL on the
                                      token; pkcs11-show: print a key's public JWK and protection (to pin as trusted key)
  compliance report [--format json|md] [--url URL --key KEY] [--repo DIR]
                                      every compliance control: repository checks over DIR (default .), and with --url
                                      live checks against the API (auditor or admin key, or $NETHICAL_API_KEY); exit 1
                                      when a control fails
  transparency report --url URL [--key KEY] [--from TIME] [--to TIME] [--format json|md]
                                      the tenant's transparency report of a period (default the last 30 days)
  help                                this text
`;

const COMMANDS: Record<string, Command<CliIo>> = {
  eval: evalCommand,
  scan: scanCommand,
  audit: auditCommand,
  test: testCommand,
  lint: lintCommand,
  fmt: fmtCommand,
  policy: policyCommand,
  keys: keysCommand,
  compliance: (args, io) => complianceCommand(args, io),
  transparency: transparencyCommand,
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
