/**
 * Running the project's wrangler (node_modules/.bin/wrangler) from Node: the exit code and the output, with
 * metrics off. The deploy preflight lists secrets with it, `npm run deploy` deploys with it, and the
 * bundle-size measurement runs `wrangler deploy --dry-run` with it.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (where wrangler.toml is). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The wrangler the project pins (run with this process's Node: `npm run` and vitest use the project's Node 24). */
export const WRANGLER_JS = join(REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

/** What a finished wrangler run printed and how it ended. */
export interface WranglerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runWrangler}. */
export interface RunWranglerOptions {
  /** Show wrangler's output live (a deploy) instead of only collecting it. */
  readonly inherit?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Run wrangler with `args` in the repository root, with WRANGLER_SEND_METRICS=false.
 *
 * @example
 * const { code, stdout } = await runWrangler(["secret", "list", "--env", "production", "--format", "json"]);
 */
export function runWrangler(args: readonly string[], options: RunWranglerOptions = {}): Promise<WranglerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_JS, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env, WRANGLER_SEND_METRICS: "false" },
      stdio: options.inherit === true ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
