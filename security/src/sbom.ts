/**
 * The SBOM: CycloneDX 1.6 JSON of the production dependency tree of the packages we ship (the Worker and
 * its Durable Objects, the device, the CLI, with the core, http and db they use), made by
 * @cyclonedx/cyclonedx-npm from the installed node_modules (it runs `npm ls`; no network). Dev
 * dependencies and the packages that never leave the repository (dev-stack, bench, security) are not in it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The workspaces whose production dependencies ship (in the Worker bundle, on the device, in the CLI). */
export const SHIPPED_WORKSPACES = [
  "@nethical/core",
  "@nethical/http",
  "@nethical/workers",
  "@nethical/durable-objects",
  "@nethical/cli",
  "@nethical/db",
  "@nethical/edge-device",
] as const;

/** Where the SBOM is written, relative to the repository root (gitignored; CI keeps it as an artifact). */
export const SBOM_PATH = "security/out/sbom.cdx.json";

/**
 * Write the SBOM of `root` to `out`. `workspaces` empty = a project without workspaces (tests).
 * Throws with cyclonedx-npm's own message when it fails.
 *
 * @example
 * makeSbom("/repo", "/repo/security/out/sbom.cdx.json", SHIPPED_WORKSPACES);
 */
export function makeSbom(root: string, out: string, workspaces: readonly string[]): void {
  // The package exports only "." (its index); its bin sits beside it.
  const cli = join(dirname(createRequire(import.meta.url).resolve("@cyclonedx/cyclonedx-npm")), "bin", "cyclonedx-npm-cli.js");
  mkdirSync(dirname(out), { recursive: true });
  const args = [cli, "--omit", "dev", "--output-reproducible", "--validate", "--spec-version", "1.6", "--output-format", "JSON", "--output-file", out];
  for (const w of workspaces) args.push("--workspace", w);
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`cyclonedx-npm exited ${run.status}: ${(run.stderr || run.stdout).trim().split("\n").slice(-8).join("\n")}`);
}

/**
 * The names of the repository's own workspace packages (first-party: not checked for a licence).
 *
 * @example
 * workspaceNames(ROOT).has("@nethical/core"); // true
 */
export function workspaceNames(root: string): Set<string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: string; workspaces?: string[] };
  const names = new Set<string>();
  if (pkg.name !== undefined) names.add(pkg.name);
  for (const w of pkg.workspaces ?? []) {
    const file = join(root, w, "package.json");
    if (existsSync(file)) names.add((JSON.parse(readFileSync(file, "utf8")) as { name: string }).name);
  }
  return names;
}
