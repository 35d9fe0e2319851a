import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTROLS } from "@nethical/core/compliance/index.ts";
import { COMPLIANCE_DOC, complianceDoc } from "./doc.ts";
import { repositoryChecker } from "./repository-check.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("docs/compliance.md", () => {
  it("is the document generated from the control data (else run node cli/scripts/compliance-doc.ts)", () => {
    expect(readFileSync(join(ROOT, COMPLIANCE_DOC), "utf8")).toBe(complianceDoc());
  });

  it("names every control", () => {
    for (const c of CONTROLS) expect(complianceDoc()).toContain(`| \`${c.id}\` |`);
  });
});

describe("repository checks", () => {
  it("every test and file the controls name exists in this checkout", async () => {
    const check = repositoryChecker(ROOT);
    for (const c of CONTROLS) expect(await check(c.repository), c.id).toMatchObject({ status: "pass" });
  });

  it("a missing test fails with its name and file", async () => {
    const outcome = await repositoryChecker(ROOT)({ tests: [{ file: "workers/src/auth.test.ts", name: "no such test" }], files: [{ path: "no/such/file.toml" }] });
    expect(outcome).toMatchObject({ status: "fail", reason: 'missing from the repository: test "no such test" in workers/src/auth.test.ts, no/such/file.toml' });
  });
});
