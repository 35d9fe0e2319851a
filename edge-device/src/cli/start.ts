/**
 * `nethical-edge start --config FILE`: run until SIGINT/SIGTERM. Prints one JSON line when ready:
 * `{"ready":true,"url":"http://127.0.0.1:7878","mode":…,"bundle_seq":…}`.
 */
import { parseArgs } from "node:util";
import { loadDeviceConfig } from "../config.ts";
import { startRuntime } from "../runtime.ts";
import type { CliIo } from "@nethical/cli/io";

/**
 * The start command.
 *
 * @example
 * await startCommand(["--config", "device.json"], io);
 */
export async function startCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: "string" } }, strict: true });
  if (values.config === undefined) throw new Error("--config FILE is required");
  const rt = await startRuntime(loadDeviceConfig(values.config));
  // Not rt.status(): its log counts scan the whole events table, which would delay "ready" on a full log.
  const { device } = rt;
  const ready = { ready: true, url: rt.server.url, mode: device.monitor.mode(device.clock()), bundle_seq: device.keeper.seq, pid: process.pid };
  io.stdout.write(`${JSON.stringify(ready)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await rt.stop();
  return 0;
}
