/**
 * `nethical audit <subcommand>`: tools for auditors. Today: `verify` (offline segment verification).
 */
import type { CliIo } from "../io.ts";
import { auditVerifyCommand } from "./audit-verify.ts";

const USAGE = `usage: nethical audit <subcommand>

subcommands:
  verify SEGMENT.json [--public-key KEY.json | --keys KEYS.json] [--json]   check an exported audit segment offline (exit 0 ok, 1 not)
  verify --archive DIR [--keys KEYS.json] [--witness-key W.json] [--complete FROM..TO]   verify an archive (R2 objects) alone
`;

/**
 * Dispatch `nethical audit …`.
 *
 * @example
 * await auditCommand(["verify", "segment.json"], io);
 */
export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "verify") return auditVerifyCommand(rest, io);
  if (sub === "help" || sub === "--help") {
    io.stdout.write(USAGE);
    return 0;
  }
  io.stderr.write(sub === undefined ? USAGE : `nethical audit: unknown subcommand "${sub}"\n\n${USAGE}`);
  return 2;
}
