import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envFileText, writeAuditEnvFile } from "./audit-env.ts";
import { parseDevVars } from "./dev-vars.ts";

const dir = mkdtempSync(join(tmpdir(), "nethical-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the audit env file for wrangler dev", () => {
  it("keeps the .dev.vars secrets and adds the database variables, readable back, mode 0600", async () => {
    const devVars = join(dir, ".dev.vars");
    writeFileSync(devVars, "BOOTSTRAP_ADMIN_KEY=abc\n");
    const file = join(dir, "sub", "wrangler.env");
    await writeAuditEnvFile(file, devVars, { databaseUrl: "postgresql://app:s3cret@127.0.0.1:5999/nethical", proxyPort: 6001 });
    expect(parseDevVars(readFileSync(file, "utf8"))).toEqual({
      BOOTSTRAP_ADMIN_KEY: "abc",
      DATABASE_URL: "postgresql://app:s3cret@127.0.0.1:5999/nethical",
      NEON_WS_PROXY_PORT: "6001",
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("works without a .dev.vars", async () => {
    const file = join(dir, "b.env");
    await writeAuditEnvFile(file, join(dir, "missing"), { databaseUrl: "postgresql://x", proxyPort: 1 });
    expect(Object.keys(parseDevVars(readFileSync(file, "utf8")))).toEqual(["DATABASE_URL", "NEON_WS_PROXY_PORT"]);
  });

  it("refuses values that would break the file", () => {
    expect(() => envFileText({ A: 'x"y' })).toThrow(/quote/);
    expect(() => envFileText({ A: "x\ny" })).toThrow(/newline/);
    expect(() => envFileText({ "a-b": "1" })).toThrow(/name/);
  });
});
