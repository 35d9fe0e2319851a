import { describe, expect, it } from "vitest";
import { CONTROLS } from "./controls.ts";
import { complianceReport } from "./run.ts";
import { explanationProblem, rawPiiPaths } from "./live-checks.ts";
import { periodProblem } from "./transparency.ts";
import type { Control } from "./types.ts";

describe("compliance controls", () => {
  it("have unique ids, frameworks, evidence, and either a live check or a reason a person must judge", () => {
    expect(new Set(CONTROLS.map((c) => c.id)).size).toBe(CONTROLS.length);
    for (const c of CONTROLS) {
      expect(c.frameworks.length, c.id).toBeGreaterThan(0);
      expect(c.evidence.length, c.id).toBeGreaterThan(20);
      if (c.live === null) expect(c.manual, c.id).toBeTruthy();
    }
  });

  it("flag raw PII and secrets in event text but not ids, hashes or times", () => {
    const clean = { event_id: "7d9e6f1c-0000-4000-8000-000000000001", request_hash: "a".repeat(64), time: "2026-05-01T12:00:00.123Z", explanation: { summary: "BLOCK: law 3 (personal data sent outside)" } };
    expect(rawPiiPaths(clean)).toEqual([]);
    const leaky = { ...clean, reason: "customer alice.smith@example.com asked, SSN 078-05-1120" };
    expect(rawPiiPaths(leaky)).toEqual([expect.stringMatching(/^reason: /)]);
  });

  it("an explanation needs a summary, a decided_by with a reason, and a laws list", () => {
    expect(explanationProblem({ summary: "ALLOW", decided_by: [{ kind: "default", id: "d", decision: "ALLOW", reason: "no rule matched" }], laws: [], risk_features: {} })).toBeNull();
    expect(explanationProblem(undefined)).toBe("no explanation summary");
    expect(explanationProblem({ summary: "ALLOW", decided_by: [], laws: [] })).toMatch(/decided_by is empty/);
  });

  it("a failing live or repository check fails the control with both reasons; a live-less run makes checked controls manual", async () => {
    const control: Control = { id: "x", title: "X", frameworks: [{ framework: "F", article: "1" }], evidence: "e", live: async () => ({ status: "fail", reason: "live broke", evidence: [] }), repository: { tests: [{ file: "a.test.ts", name: "n" }], files: [] } };
    const repoFail = async () => ({ status: "fail" as const, reason: "test missing", evidence: [] });
    const both = await complianceReport({ controls: [control], live: { request: async () => ({ status: 200, body: {} }) }, repository: repoFail, now: new Date(0) });
    expect(both.controls[0]).toMatchObject({ status: "fail", reason: "live: live broke; repository: test missing", checked: ["live", "repository"] });
    expect(both.summary).toEqual({ pass: 0, fail: 1, not_applicable: 0, manual: 0 });
    const repoOnly = await complianceReport({ controls: [control], repository: async () => ({ status: "pass", evidence: [] }) });
    expect(repoOnly.controls[0]).toMatchObject({ status: "manual", checked: ["repository"] });
    expect(repoOnly.controls[0]?.reason).toMatch(/--url/);
  });

  it("periods: from before to, at most 366 days", () => {
    const day = 86_400_000;
    expect(periodProblem(0, day)).toBeNull();
    expect(periodProblem(day, day)).toBe("from must be before to");
    expect(periodProblem(0, 367 * day)).toMatch(/366 days/);
  });
});

describe("the retention check", () => {
  const retention = CONTROLS.find((c) => c.id === "retention")?.live;
  const answering = (status: number, body: unknown) => ({ request: async () => ({ status, body }) });
  const rule = (retention_days: number) => ({ policy: { hot_days: 30, warm_days: 365, retention_days, rule_id: "acme/retention/v2", set_at: 1 }, segments: [] });

  // @req CTL-retention
  it("fails where no retention is served, passes a rule of at least six months, fails a shorter one with its reason", async () => {
    expect(await retention?.(answering(404, {}))).toMatchObject({ status: "fail", reason: expect.stringMatching(/^no retention rule is configured/) });
    expect(await retention?.(answering(200, rule(2557)))).toMatchObject({ status: "pass", evidence: [{ detail: "rule acme/retention/v2 (set by an admin): hot 30 d, warm 365 d, deleted after 2557 d; 0 archived segments" }] });
    expect(await retention?.(answering(200, rule(90)))).toMatchObject({ status: "fail", reason: "the retention period (90 days) is shorter than the six months (183 days) EU AI Act Art. 19 asks for" });
  });
});
