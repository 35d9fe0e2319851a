/**
 * The secrets scan on planted trees: a real git repository in a temp folder, scanned by the real
 * `npm run security` entry point (node security/src/run.ts) in its own process. A fake AWS key is found and
 * reported as path:line and subtype, never its value; an allowlisted one is not; an expired or incomplete
 * allowlist entry fails; untracked files are not scanned.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lineHash, scanFileText, scanSecrets } from "./secrets-scan.ts";

const RUN = join(import.meta.dirname, "run.ts");
// Built from parts so this file itself holds no key shape for the scan to find.
const AWS_KEY = ["AK", "IA", "Z7QK3MPL8XR2B9TW"].join("");
const GH_TOKEN = ["gh", "p_", "R8x2kLm9Qz4vT7yW1nB5cD3fG6hJ0pS2uV8b"].join("");

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A git repository with `files` committed (`untracked` written but not added). */
function repo(files: Record<string, string>, untracked: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "nethical-secrets-"));
  temps.push(root);
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  git("init", "-q");
  for (const [path, text] of Object.entries({ ...files, ...untracked })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  if (Object.keys(files).length > 0) git("add", "--", ...Object.keys(files));
  return root;
}

function allow(root: string, entries: unknown[]): void {
  mkdirSync(join(root, "security", "allowlists"), { recursive: true });
  writeFileSync(join(root, "security", "allowlists", "secrets.json"), JSON.stringify({ entries }));
}

function scanProcess(root: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [RUN, "--root", root, "--steps", "secrets"], { encoding: "utf8" });
  return { status: run.status, out: run.stdout + run.stderr };
}

const review = { reason: "fake key in a test fixture", reviewed_by: "test", reviewed_on: "2026-01-01", expires: "2999-12-31" };

describe("secrets scan (Nethical's secrets detector over git ls-files)", () => {
  it("finds a fake AWS key in a tracked file and reports path:line and subtype, never the value", () => {
    const root = repo({ "config/app.env": `# settings\nREGION=eu-west-1\nAWS_ACCESS_KEY_ID=${AWS_KEY}\n`, "README.md": "hello\n" });
    allow(root, []);
    const { status, out } = scanProcess(root);
    expect(status).toBe(1);
    expect(out).toContain("FAIL config/app.env:3 aws_access_key");
    expect(out).toContain("== security secrets: FAILED");
    expect(out).not.toContain(AWS_KEY);
    expect(out).not.toContain(AWS_KEY.slice(4));
  }, 60_000);

  it("passes when the finding is allowlisted by path, subtype and line hash", () => {
    const line = `AWS_ACCESS_KEY_ID=${AWS_KEY}`;
    const root = repo({ "test/fixture.env": `${line}\n` });
    allow(root, [{ path: "test/fixture.env", subtype: "aws_access_key", line_sha256: lineHash(line), ...review }]);
    const { status, out } = scanProcess(root);
    expect(out).toContain("0 findings failing, 1 allowlisted");
    expect(status).toBe(0);
  }, 60_000);

  it("a line-pinned entry does not hide a second key added to the same file", () => {
    const line = `AWS_ACCESS_KEY_ID=${AWS_KEY}`;
    const root = repo({ "test/fixture.env": `${line}\nGITHUB_TOKEN=${GH_TOKEN}\n` });
    allow(root, [{ path: "test/fixture.env", subtype: "aws_access_key", line_sha256: lineHash(line), ...review }]);
    const { status, out } = scanProcess(root);
    expect(status).toBe(1);
    expect(out).toContain("FAIL test/fixture.env:2 github_token");
    expect(out).not.toContain(GH_TOKEN);
  }, 60_000);

  it("fails on an expired allowlist entry, and on one without a reviewer", () => {
    const root = repo({ "test/fixture.env": `AWS_ACCESS_KEY_ID=${AWS_KEY}\n` });
    allow(root, [{ path: "test/fixture.env", subtype: "aws_access_key", ...review, expires: "2020-01-31" }]);
    let { status, out } = scanProcess(root);
    expect(status).toBe(1);
    expect(out).toContain("expired on 2020-01-31");
    expect(out).toContain("FAIL test/fixture.env:1 aws_access_key");

    allow(root, [{ path: "test/fixture.env", subtype: "aws_access_key", reason: "fixture", reviewed_on: "2026-01-01", expires: "2999-12-31" }]);
    ({ status, out } = scanProcess(root));
    expect(status).toBe(1);
    expect(out).toContain("missing reviewed_by");
  }, 60_000);

  it("scans tracked files only, skips binary files, and reports unused entries without failing", () => {
    const root = repo({ "a.txt": "nothing here\n", "img.bin": `\0\0${AWS_KEY}` }, { "scratch.env": `AWS_ACCESS_KEY_ID=${AWS_KEY}\n` });
    allow(root, [{ path: "gone.env", subtype: "aws_access_key", ...review }]);
    const { status, out } = scanProcess(root);
    expect(out).toContain("1 tracked text files: 0 findings failing");
    expect(out).toContain("unused allowlist entry (remove it): gone.env aws_access_key");
    expect(status).toBe(0);
  }, 60_000);

  it("documentation placeholders are not findings; each line is scanned on its own", () => {
    expect(scanFileText("doc.md", "use AKIAIOSFODNN7EXAMPLE or api_key = your-api-key-here\n")).toEqual([]);
    const many = Array.from({ length: 100 }, (_, i) => `token_${i} = "q8Zr2LxN0vTy7KpWm3H${i}"`).join("\n");
    const hits = scanFileText("many.ts", `${many}\nAWS=${AWS_KEY}\n`);
    expect(hits.filter((h) => h.subtype === "generic_secret")).toHaveLength(100);
    expect(hits.at(-1)).toMatchObject({ line: 101, subtype: "aws_access_key" });
    expect(JSON.stringify(hits)).not.toContain(AWS_KEY);
  }, 60_000);

  it("the repository itself has no finding outside its allowlist", () => {
    const root = join(import.meta.dirname, "..", "..");
    const { status, out } = scanProcess(root);
    expect(out).toContain("0 findings failing");
    expect(status).toBe(0);
    expect(scanSecrets(root, [], [], "2026-01-01").files).toBe(0);
  }, 60_000);
});
