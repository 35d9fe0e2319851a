/**
 * Run `nethical-edge start` as a separate Node process (the pinned Node 24), for process-level tests and
 * the cold-start bench. Resolves when the device prints its ready line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
/** The pinned Node binary the device processes run on. */
export const NODE_BINARY = NODE;
const BIN = join(ROOT, "edge-device", "bin", "nethical-edge.js");

/** A running device process. */
export interface DeviceProcess {
  child: ChildProcess;
  url: string;
  ready: { url: string; mode: string; bundle_seq: number; pid: number };
  /** ms from spawn to the ready line. */
  startMs: number;
  /** Everything the device printed on stdout so far (the ready line and the event lines after it). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Write `config` to `file` as JSON.
 *
 * @example
 * writeConfig(join(dir, "device.json"), { tenant: "acme", device_id: "robot-7", data_dir: dir });
 */
export function writeConfig(file: string, config: Record<string, unknown>): string {
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * Spawn the device on `configFile` and wait for its ready line. `entry` is the bin (TypeScript source run
 * with type stripping) or a bundled build of it (what a device ships: edge-device/scripts/build.ts);
 * `nodeArgs` go before it (V8 flags), `env` is added to this process's environment; `node` replaces the
 * pinned Node binary (a copy of it, say) and `prefix` is a command the device is started through (it must
 * `exec` its arguments, so the device keeps the child's pid: e.g. a shell that joins a cgroup first).
 *
 * @example
 * const p = await spawnDevice("/tmp/x/device.json"); await p.kill("SIGKILL");
 */
export function spawnDevice(
  configFile: string,
  timeoutMs: number = 20_000,
  entry: string = BIN,
  options: { nodeArgs?: string[]; env?: Record<string, string>; node?: string; prefix?: string[] } = {},
): Promise<DeviceProcess> {
  const started = performance.now();
  const command = [...(options.prefix ?? []), options.node ?? NODE, ...(options.nodeArgs ?? []), entry, "start", "--config", configFile];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let out = "";
  let err = "";
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill("SIGKILL");
      reject(new Error(`device did not start in ${timeoutMs} ms: ${err.slice(-2000)}`));
    }, timeoutMs);
    child.stderr?.on("data", (c) => (err = (err + c).slice(-4000)));
    child.stdout?.on("data", (c) => {
      out += c;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        const ready = JSON.parse(out.slice(0, nl));
        resolve({ child, url: ready.url, ready, startMs: performance.now() - started, kill, output: () => out });
      } catch {
        reject(new Error(`unexpected device output: ${out.slice(0, 200)}`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`device exited (${code}) before ready: ${err.slice(-2000)}`));
    });
  });
}
