/**
 * `nethical-edge status --config FILE`: asks the running device (`GET /status` on 127.0.0.1); when none is
 * running, reads the stored state (bundle, log counts) from the data folder.
 */
import { parseArgs } from "node:util";
import { loadDeviceConfig } from "../config.ts";
import { openDevice } from "../device.ts";
import type { CliIo } from "@nethical/cli/io";

/**
 * The status command.
 *
 * @example
 * await statusCommand(["--config", "device.json"], io);
 */
export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: "string" } }, strict: true });
  if (values.config === undefined) throw new Error("--config FILE is required");
  const config = loadDeviceConfig(values.config);
  try {
    const res = await fetch(`http://127.0.0.1:${config.http.port}/status`, { signal: AbortSignal.timeout(2000) });
    if (res.ok) {
      io.stdout.write(`${JSON.stringify({ running: true, ...((await res.json()) as object) }, null, 2)}\n`);
      return 0;
    }
  } catch {
    // not running: fall through to the stored state
  }
  const device = await openDevice(config);
  try {
    const current = device.keeper.current;
    const stored = {
      running: false,
      tenant: config.tenant,
      device_id: config.device_id,
      bundle: { seq: device.keeper.seq, hash: current?.bundle.hash ?? null, max_seq: device.keeper.maxSeq },
      bundle_refusal: device.keeper.lastRefusal,
      confirmed_at: device.freshness.confirmedAt > 0 ? new Date(device.freshness.confirmedAt).toISOString() : null,
      log: device.log.stats(),
    };
    io.stdout.write(`${JSON.stringify(stored, null, 2)}\n`);
  } finally {
    device.close();
  }
  return 0;
}
