/**
 * Test support: a throwaway copy of the files the checks read (terraform/, wrangler.toml,
 * workers/secrets.d.ts), so a test can plant a drift in one of them without touching the checkout.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temporary copy and the means to edit and remove it. */
export interface TempCopy {
  readonly dir: string;
  /** Replaces `from` with `to` in a copied file, failing when `from` is not there (so a test cannot plant nothing). */
  edit(path: string, from: string | RegExp, to: string): void;
  remove(): void;
}

/**
 * Copies the checked files of `repo` into a new temporary directory.
 *
 * @example
 * const copy = copyProject(process.cwd());
 * copy.edit("wrangler.toml", 'name = "AUDIT_LOG"', 'name = "AUDIT_LOGS"');
 * copy.remove();
 */
export function copyProject(repo: string): TempCopy {
  const dir = mkdtempSync(join(tmpdir(), "nethical-tf-"));
  cpSync(join(repo, "terraform"), join(dir, "terraform"), {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|\.terraform)([/\\]|$)/.test(src),
  });
  for (const file of ["wrangler.toml", "workers/secrets.d.ts"]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repo, file), join(dir, file));
  }
  return {
    dir,
    edit(path, from, to) {
      const full = join(dir, path);
      const text = readFileSync(full, "utf8");
      const found = typeof from === "string" ? text.includes(from) : from.test(text);
      if (!found) throw new Error(`${path} does not contain ${String(from)}`);
      writeFileSync(full, text.replace(from, to));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
