/**
 * `.dev.vars`: wrangler's local secrets file. `npm start` makes sure it holds a BOOTSTRAP_ADMIN_KEY.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";

/**
 * Read `KEY=value` lines (blank lines and `#` comments ignored; values may be double-quoted).
 *
 * @example
 * parseDevVars('A=1\n# c\nB="two"'); // { A: "1", B: "two" }
 */
export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const value = line.slice(eq + 1).trim();
    vars[line.slice(0, eq).trim()] = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return vars;
}

/**
 * Make sure `file` has a BOOTSTRAP_ADMIN_KEY; add a fresh random one if absent (other lines are kept).
 * Returns the key and whether it was created.
 *
 * @example
 * const { key, created } = await ensureBootstrapKey(".dev.vars");
 */
export async function ensureBootstrapKey(file: string): Promise<{ key: string; created: boolean }> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const existing = parseDevVars(text).BOOTSTRAP_ADMIN_KEY;
  if (existing) return { key: existing, created: false };
  // Not `nk_…`: that prefix is for tenant API keys; the bootstrap key is a platform secret.
  const key = `nbk_${randomBytes(24).toString("base64url")}`;
  const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  await writeFile(file, `${prefix}BOOTSTRAP_ADMIN_KEY=${key}\n`, { mode: 0o600 });
  return { key, created: true };
}
