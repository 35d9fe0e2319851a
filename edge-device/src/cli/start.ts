/**
 * `nethical-edge start --config FILE`: run until SIGINT/SIGTERM. Prints one JSON line when ready:
 * `{"ready":true,"url":"http://127.0.0.1:7878","mode":…,"bundle_seq":…}`, then one line per change while
 * it runs: `{"event":"mode","mode":"ONLINE","at":"…"}` when the network mode changes and
 * `{"event":"bundle","seq":4,"at":"…"}` when a new verified bundle is in force.
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
  let mode = ready.mode;
  let seq = ready.bundle_seq;
  // The monitor answers the mode at any time (no events of its own): look a few times a second.
  const watch = setInterval(() => {
    const now = device.clock();
    const at = new Date(now).toISOString();
    const nextMode = device.monitor.mode(now);
    if (nextMode !== mode) io.stdout.write(`${JSON.stringify({ event: "mode", mode: (mode = nextMode), at })}\n`);
    if (device.keeper.seq !== seq) io.stdout.write(`${JSON.stringify({ event: "bundle", seq: (seq = device.keeper.seq), at })}\n`);
  }, WATCH_INTERVAL_MS);
  watch.unref();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  clearInterval(watch);
  await rt.stop();
  return 0;
}

/** How often `start` looks for a mode or bundle change to print. */
const WATCH_INTERVAL_MS = 250;
