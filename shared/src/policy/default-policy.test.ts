import { describe, expect, it } from "vitest";
import { createBundle } from "./bundle.ts";
import { compilePolicy } from "./compile.ts";
import { defaultPolicy } from "./default-policy.ts";
import { validatePolicyDocument } from "./parse.ts";

describe("defaultPolicy", () => {
  it("is a valid policy that compiles", async () => {
    const doc = defaultPolicy();
    expect(validatePolicyDocument(doc)).toEqual(doc);
    const compiled = compilePolicy(await createBundle("new-tenant", 0, doc));
    expect(compiled.rules).toHaveLength(doc.rules.length);
    expect(compiled.rateLimit).toEqual({ capacity: 600, refill_per_s: 10 });
  });

  it("covers the protections a new tenant expects", () => {
    const byId = new Map(defaultPolicy().rules.map((r) => [r.id, r]));
    expect(byId.get("terminate-csam")?.then.decision).toBe("TERMINATE");
    expect(byId.get("terminate-safety-override-actuation")?.then.decision).toBe("TERMINATE");
    expect(byId.get("terminate-repeat-offender")?.when).toEqual({ field: "agent.strikes", op: "gte", value: 5 });
    expect(byId.get("block-dangerous-code")?.then.decision).toBe("BLOCK");
    expect(byId.get("block-prompt-injection")?.then.decision).toBe("BLOCK");
    expect(byId.get("block-jailbreak")?.then.decision).toBe("BLOCK");
    expect(byId.get("approve-bulk-export")?.then.obligations).toEqual([{ type: "require_human_approval", reason: "Bulk data export" }]);
    expect(byId.get("redact-outbound-pii-and-secrets")?.then.obligations?.[0]).toMatchObject({ type: "redact", findings: ["PII", "SECRET"] });
    expect(defaultPolicy().default.decision).toBe("ALLOW");
  });

  it("returns a fresh copy each time", () => {
    const a = defaultPolicy();
    a.rules.length = 0;
    expect(defaultPolicy().rules.length).toBeGreaterThan(0);
  });
});
