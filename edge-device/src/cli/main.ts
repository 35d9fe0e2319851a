/**
 * The `nethical-edge` command: start, status, enroll, rotate-key.
 */
import { type Command, dispatch } from "@nethical/cli/dispatch";
import type { CliIo } from "@nethical/cli/io";
import { enrollCommand } from "./enroll.ts";
import { rotateKeyCommand } from "./rotate-key.ts";
import { startCommand } from "./start.ts";
import { statusCommand } from "./status.ts";


const USAGE = `usage: nethical-edge <command> [options]

commands:
  start --config FILE                          run the device: local API on 127.0.0.1, sync, log upload
  status --config FILE                         the running device's status (or the stored state if it is not running)
  enroll --config FILE --operator-key KEY      create the device key and register it (POST /v2/devices)
  rotate-key --config FILE [--server URL]      new identity key, proven with both keys (POST /v2/devices/{id}/key); swapped in once accepted
  help                                         this text
`;

const COMMANDS: Record<string, Command<CliIo>> = {
  start: startCommand,
  status: statusCommand,
  enroll: enrollCommand,
  "rotate-key": rotateKeyCommand,
};

/**
 * Run the CLI with `argv` (without node and script) and return the exit code.
 *
 * @example
 * process.exitCode = await main(["status", "--config", "device.json"], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  return dispatch("nethical-edge", USAGE, COMMANDS, argv, io);
}
