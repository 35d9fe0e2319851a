/**
 * `nethical policy <subcommand>`: today `sign` (offline bundle signing with a PKCS#11 key).
 */
import type { CliIo } from "../io.ts";
import { POLICY_SIGN_USAGE, policySignCommand } from "./policy-sign.ts";

const USAGE = `usage: nethical policy <subcommand>

subcommands:
  sign --pkcs11 MODULE --token LABEL --key LABEL --tenant TENANT --seq N [--out FILE] POLICY
                    sign a policy bundle offline with a key on a PKCS#11 token (see: nethical policy sign --help)
`;

/**
 * Dispatch `nethical policy …`.
 *
 * @example
 * await policyCommand(["sign", "--pkcs11", lib, "--token", "t", "--key", "k", "--tenant", "acme", "--seq", "2", "p.yaml"], io);
 */
export async function policyCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "sign") {
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout.write(POLICY_SIGN_USAGE);
      return 0;
    }
    return policySignCommand(rest, io);
  }
  if (sub === "help" || sub === "--help" || sub === "-h") {
    io.stdout.write(USAGE);
    return 0;
  }
  io.stderr.write(sub === undefined ? USAGE : `nethical policy: unknown subcommand "${sub}"\n\n${USAGE}`);
  return 2;
}
