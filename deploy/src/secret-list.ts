/**
 * Which secrets a deployed Worker has: `wrangler secret list --env <env> --format json` prints
 * `[{ "name": "DATABASE_URL", "type": "secret_text" }, …]` (names and types, never values). The lister is
 * a parameter of the preflight, so its tests run without Cloudflare credentials.
 */
import { runWrangler, type WranglerRun } from "./wrangler-cli.ts";

/** Lists the names of the secrets set on the Worker of `env`; throws with wrangler's reason when it cannot. */
export type SecretLister = (env: string) => Promise<string[]>;

/**
 * The secret names in `wrangler secret list --format json` output (wrangler may print log lines first).
 *
 * @example
 * parseSecretList('[{"name":"DATABASE_URL","type":"secret_text"}]'); // ["DATABASE_URL"]
 */
export function parseSecretList(stdout: string): string[] {
  const start = stdout.search(/^\[/m); // the list starts a line; log lines ("▲ [WARNING] …") do not
  const end = stdout.lastIndexOf("]");
  if (start === -1 || end < start) throw new Error("wrangler secret list printed no JSON list");
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.slice(start, end + 1));
  } catch {
    throw new Error("wrangler secret list printed something that is not a JSON list");
  }
  if (!Array.isArray(parsed)) throw new Error("wrangler secret list printed something that is not a JSON list");
  return parsed.map((entry: unknown) => {
    const name = typeof entry === "object" && entry !== null ? (entry as { name?: unknown }).name : undefined;
    if (typeof name !== "string" || name === "") throw new Error("wrangler secret list printed an entry without a name");
    return name;
  });
}

/** The last meaningful line wrangler printed on failure (no values: wrangler prints none for secret list). */
function reason(run: WranglerRun): string {
  const lines = `${run.stderr}\n${run.stdout}`
    .split("\n")
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, "").trim())
    .filter((l) => l !== "" && !/^[─-╿▲✘⛅️ ]+$/.test(l));
  return lines.find((l) => /ERROR|not found|auth|login|token/i.test(l)) ?? lines.at(-1) ?? `exit code ${run.code}`;
}

/**
 * The real lister: runs `wrangler secret list --env <env> --format json` (needs CLOUDFLARE_API_TOKEN or a
 * `wrangler login`).
 *
 * @example
 * const names = await wranglerSecretLister("production"); // ["AUDIT_SIGNING_KEY", …]
 */
export const wranglerSecretLister: SecretLister = async (env) => {
  const run = await runWrangler(["secret", "list", "--env", env, "--format", "json"]);
  if (run.code !== 0) throw new Error(`wrangler secret list --env ${env} failed: ${reason(run)}`);
  return parseSecretList(run.stdout);
};
