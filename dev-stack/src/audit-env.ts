/**
 * The env file `wrangler dev` loads when the local audit store runs: the secrets of `.dev.vars` plus
 * `DATABASE_URL` (the Worker's Postgres URL: it holds a password, so it is written only to this 0600 file
 * under `.dev/`, never printed and never put in `.dev.vars`, which the workers tests also read) and
 * `NEON_WS_PROXY_PORT`. Wrangler loads this file instead of `.dev.vars` (`--env-file`).
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { parseDevVars } from "./dev-vars.ts";

/**
 * Render `KEY="value"` lines (values must not contain quotes or newlines).
 *
 * @example
 * envFileText({ A: "1" }); // 'A="1"\n'
 */
export function envFileText(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([key, value]) => {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) throw new Error(`not an environment variable name: ${key}`);
      if (/["\n\r]/.test(value)) throw new Error(`the value of ${key} contains a quote or a newline`);
      return `${key}="${value}"\n`;
    })
    .join("");
}

/**
 * Write `file` (mode 0600) with the secrets of `devVarsFile` and the audit store's variables.
 *
 * @example
 * await writeAuditEnvFile(".dev/wrangler.env", ".dev.vars", { databaseUrl: store.databaseUrl, proxyPort: store.proxyPort });
 */
export async function writeAuditEnvFile(file: string, devVarsFile: string, store: { databaseUrl: string; proxyPort: number }): Promise<void> {
  let base: Record<string, string> = {};
  try {
    base = parseDevVars(await readFile(devVarsFile, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const vars = { ...base, DATABASE_URL: store.databaseUrl, NEON_WS_PROXY_PORT: String(store.proxyPort) };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, envFileText(vars), { mode: 0o600 });
}
