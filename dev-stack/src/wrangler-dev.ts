/**
 * Run the Worker locally with `wrangler dev` (workerd, local KV, Durable Objects, Queues).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { waitForHttp } from "./wait-for-http.ts";

/** A running `wrangler dev`. */
export interface WranglerDev {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Start `wrangler dev` from `root` on 127.0.0.1:`port`, persisting local state under `stateDir`, and wait
 * until `GET /health` answers.
 *
 * @example
 * const dev = await startWranglerDev({ root: process.cwd(), port: 8787, stateDir: ".dev/wrangler" });
 * await dev.stop();
 */
export async function startWranglerDev(options: {
  root: string;
  port: number;
  stateDir: string;
  /** A .env-style file of secrets to load instead of the default `.dev.vars`. */
  envFile?: string;
  /** A wrangler config other than `<root>/wrangler.toml` (e.g. a test variant with other queue settings). */
  config?: string;
  inheritOutput?: boolean;
  /** Called with every chunk wrangler writes (when output is not inherited), e.g. to watch the logs. */
  onOutput?: (chunk: string) => void;
  timeoutMs?: number;
}): Promise<WranglerDev> {
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(options.port), "--persist-to", options.stateDir];
  if (options.envFile !== undefined) args.push("--env-file", options.envFile);
  if (options.config !== undefined) args.push("--config", options.config);
  // Run wrangler's entry with this process's Node (>= 22), not whatever `node` is first on PATH.
  const child = spawn(process.execPath, [join(options.root, "node_modules", "wrangler", "bin", "wrangler.js"), ...args], {
    cwd: options.root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    stdio: options.inheritOutput ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  let output = "";
  const collect = (chunk: Buffer | string) => {
    output = (output + chunk).slice(-4000);
    options.onOutput?.(String(chunk));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }
  };
  try {
    await waitForHttp(`${url}/health`, options.timeoutMs ?? 60_000, () => child.exitCode === null);
  } catch (error) {
    await stop();
    throw new Error(`wrangler dev did not start: ${(error as Error).message}\n${output}`);
  }
  return { url, process: child, stop };
}
