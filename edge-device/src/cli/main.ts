/**
 * The `nethical-edge` command: start, status, enroll.
 */
import type { Readable, Writable } from "node:stream";
import { enrollCommand } from "./enroll.ts";
import { startCommand } from "./start.ts";
import { statusCommand } from "./status.ts";

/** Streams of the CLI, passed in so commands can be tested. */
export interface EdgeIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const USAGE = `usage: nethical-edge <command> [options]

commands:
  start --config FILE                          run the device: local API on 127.0.0.1, sync, log upload
  status --config FILE                         the running device's status (or the stored state if it is not running)
  enroll --config FILE --operator-key KEY      create the device key and register it (POST /v2/devices)
  help                                         this text
`;

const COMMANDS: Record<string, (args: string[], io: EdgeIo) => Promise<number>> = {
  start: startCommand,
  status: statusCommand,
  enroll: enrollCommand,
};

/**
 * Run the CLI with `argv` (without node and script) and return the exit code.
 *
 * @example
 * process.exitCode = await main(["status", "--config", "device.json"], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: string[], io: EdgeIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`nethical-edge: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`nethical-edge ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
