/**
 * Installed version of an npm package (read from node_modules; "not installed" when absent).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The version field of a package's package.json.
 *
 * @example
 * installedVersion("zod"); // "4.x.y"
 */
export function installedVersion(pkg: string): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(pkg));
    for (let i = 0; i < 5; i++) {
      try {
        const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        if (json.name === pkg) return json.version ?? "unknown";
      } catch {
        // keep walking up
      }
      dir = dirname(dir);
    }
    return "unknown";
  } catch {
    return "not installed";
  }
}
