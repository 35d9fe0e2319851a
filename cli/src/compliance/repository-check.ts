/**
 * The repository half of the compliance controls: the tests each control names must exist (their file holds
 * the test's name) and the files it names must exist (holding the text named, when one is). Runs over a
 * checkout, in the CLI and CI; the Worker has no checkout.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CheckOutcome, Evidence, RepositoryChecker } from "@nethical/core/compliance/index.ts";

async function text(root: string, path: string): Promise<string | null> {
  try {
    return await readFile(join(root, path), "utf8");
  } catch {
    return null;
  }
}

/**
 * A repository checker over the checkout at `root`.
 *
 * @example
 * const report = await complianceReport({ repository: repositoryChecker(".") });
 */
export function repositoryChecker(root: string): RepositoryChecker {
  return async (required): Promise<CheckOutcome> => {
    const evidence: Evidence[] = [];
    const missing: string[] = [];
    for (const t of required.tests) {
      const source = await text(root, t.file);
      const found = source !== null && source.includes(t.name);
      evidence.push({ kind: "test", ref: `${t.file} › ${t.name}`, detail: found ? "present" : source === null ? "file missing" : "test missing" });
      if (!found) missing.push(`test "${t.name}" in ${t.file}`);
    }
    for (const f of required.files) {
      const source = await text(root, f.path);
      const found = source !== null && (f.contains === undefined || source.includes(f.contains));
      evidence.push({ kind: f.path.endsWith(".ts") ? "file" : "config", ref: f.contains === undefined ? f.path : `${f.path} › ${f.contains}`, detail: found ? "present" : source === null ? "file missing" : "text missing" });
      if (!found) missing.push(f.contains === undefined ? f.path : `${f.contains} in ${f.path}`);
    }
    return missing.length === 0 ? { status: "pass", evidence } : { status: "fail", reason: `missing from the repository: ${missing.join(", ")}`, evidence };
  };
}
