import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../schemas/finding.ts";
import { ObligationSchema } from "../schemas/response.ts";
import { ObligationSet, compileObligations, mergeSpans } from "./obligations.ts";

const f = (type: Finding["type"], start: number, end: number, score = 0.9, field?: string): Finding => ({
  type, start, end, score, detector: "t", ...(field === undefined ? {} : { field }),
});

describe("mergeSpans", () => {
  it("sorts and merges overlapping and touching spans", () => {
    expect(mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 3, end: 6 }, { start: 20, end: 22 }])).toEqual([
      { start: 0, end: 9 },
      { start: 20, end: 22 },
    ]);
  });

  it("covers exactly the union of the input spans", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(60), fc.nat(10)).map(([s, l]) => ({ start: s, end: s + l + 1 })), { maxLength: 12 }), (spans) => {
        const merged = mergeSpans(spans);
        const covered = (list: { start: number; end: number }[], i: number) => list.some((s) => s.start <= i && i < s.end);
        for (let i = 0; i < 80; i++) expect(covered(merged, i)).toBe(covered(spans, i));
        for (let k = 1; k < merged.length; k++) expect((merged[k] as { start: number }).start).toBeGreaterThan((merged[k - 1] as { end: number }).end);
      }),
    );
  });
});

describe("ObligationSet", () => {
  it("builds one redact per field (action text first) and one of each other kind", () => {
    const set = new ObligationSet();
    set.redactFinding(f("SECRET", 10, 20));
    set.redactFinding(f("US_SSN", 15, 25));
    set.redactFinding(f("EMAIL_ADDRESS", 0, 4, 0.9, "tool.arguments.to"));
    set.redactFinding(f("EMAIL_ADDRESS", 1, 3, 0.9, "action"));
    set.requireApproval("first");
    set.requireApproval("second");
    set.useSandbox();
    set.useSandbox("strict");
    set.logOnlyToo();
    set.addPolicy(compileObligations([{ type: "rate_limit", limit: 10, window_s: 60 }, { type: "rate_limit", limit: 1, window_s: 60 }, { type: "rate_limit", limit: 2, window_s: 120 }]), []);
    const built = set.build();
    expect(built).toEqual([
      { type: "redact", spans: [{ start: 1, end: 3 }, { start: 10, end: 25 }] },
      { type: "redact", spans: [{ start: 0, end: 4 }], field: "tool.arguments.to" },
      { type: "require_human_approval", reason: "first" },
      { type: "rate_limit", limit: 1, window_s: 60 },
      { type: "sandbox", profile: "strict" },
      { type: "log_only" },
    ]);
    for (const o of built) expect(ObligationSchema.safeParse(o).success).toBe(true);
  });

  it("fills policy redact obligations from findings of the named types and scores", () => {
    const findings = [f("US_SSN", 0, 11), f("SECRET", 20, 30, 0.4), f("JAILBREAK", 40, 50), f("IP_ADDRESS", 60, 70, 0.2)];
    const set = new ObligationSet();
    set.addPolicy(compileObligations([{ type: "redact", findings: ["PII", "SECRET"], min_score: 0.3 }]), findings);
    expect(set.build()).toEqual([{ type: "redact", spans: [{ start: 0, end: 11 }, { start: 20, end: 30 }] }]);
  });

  it("is empty when nothing was added", () => {
    expect(new ObligationSet().build()).toEqual([]);
  });
});
