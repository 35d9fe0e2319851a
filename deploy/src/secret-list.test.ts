/**
 * `wrangler secret list --format json` output: wrangler prints `JSON.stringify(secrets, null, "  ")` (names
 * and types only), sometimes after log lines; anything else is an error, never an empty list.
 */
import { describe, expect, it } from "vitest";
import { parseSecretList } from "./secret-list.ts";

describe("parseSecretList", () => {
  it("reads the names wrangler prints", () => {
    const printed = JSON.stringify(
      [
        { name: "AUDIT_SIGNING_KEY", type: "secret_text" },
        { name: "DATABASE_URL", type: "secret_text" },
      ],
      null,
      "  ",
    );
    expect(parseSecretList(printed)).toEqual(["AUDIT_SIGNING_KEY", "DATABASE_URL"]);
    expect(parseSecretList(`▲ [WARNING] some notice\n\n${printed}\n`)).toEqual(["AUDIT_SIGNING_KEY", "DATABASE_URL"]);
    expect(parseSecretList("[]")).toEqual([]);
  });

  it("refuses output that is not the list (so a failure never reads as 'no secrets')", () => {
    expect(() => parseSecretList("")).toThrow(/printed no JSON list/);
    expect(() => parseSecretList("✘ [ERROR] Authentication error [code: 10000]")).toThrow(/printed no JSON list/);
    expect(() => parseSecretList("[not json]")).toThrow(/not a JSON list/);
    expect(() => parseSecretList('[{"type":"secret_text"}]')).toThrow(/without a name/);
  });
});
