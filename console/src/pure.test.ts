/**
 * The console's pure parts: the masked span track, the line diff, percentiles from histogram deltas,
 * the live filters, role abilities and the fleet's attestation text.
 */
import { describe, expect, it } from "vitest";
import { lineDiff, stableJson } from "./line-diff.ts";
import { bucketDelta, parseBuckets, quantileMs } from "./histogram.ts";
import { matches, toRow } from "./filters.ts";
import { abilitiesOf } from "./roles.ts";
import { maskSegments, MAX_TRACK } from "./spans.ts";
import { attestationText } from "./views/fleet.ts";

describe("maskSegments", () => {
  it("cuts the track at every span edge and lists the violations covering each segment", () => {
    const segments = maskSegments([{ spans: [{ start: 2, end: 6 }] }, { span: { start: 4, end: 8 } }]);
    expect(segments).toEqual([
      { start: 0, end: 2, marks: [] },
      { start: 2, end: 4, marks: [0] },
      { start: 4, end: 6, marks: [0, 1] },
      { start: 6, end: 8, marks: [1] },
    ]);
  });
  it("draws nothing without spans, ignores empty spans and clips long ones", () => {
    expect(maskSegments([{}, { spans: [{ start: 3, end: 3 }] }])).toEqual([]);
    expect(maskSegments([{ span: { start: 0, end: MAX_TRACK * 10 } }]).at(-1)?.end).toBe(MAX_TRACK);
  });
});

describe("lineDiff", () => {
  it("keeps common lines and marks removed and added ones", () => {
    expect(lineDiff("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { op: " ", text: "a" },
      { op: "-", text: "b" },
      { op: "+", text: "x" },
      { op: " ", text: "c" },
      { op: "+", text: "d" },
    ]);
    expect(lineDiff("same", "same").every((l) => l.op === " ")).toBe(true);
  });
  it("prints documents with sorted keys, so key order is no difference", () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe("percentiles from the metrics exposition", () => {
  const scrape = (a: number, b: number, c: number) =>
    [
      "# TYPE nethical_request_duration_seconds histogram",
      `nethical_request_duration_seconds_bucket{tenant="t",route="/v2/evaluate",le="0.01"} ${a}`,
      `nethical_request_duration_seconds_bucket{tenant="t",route="/v2/evaluate",le="0.05"} ${b}`,
      `nethical_request_duration_seconds_bucket{tenant="t",route="/v2/evaluate",le="+Inf"} ${c}`,
      `nethical_request_duration_seconds_bucket{tenant="t",route="/v2/batch-evaluate",le="0.01"} 1`,
      `nethical_request_duration_seconds_bucket{tenant="t",route="/v2/batch-evaluate",le="0.05"} 1`,
      `nethical_request_duration_seconds_bucket{tenant="t",route="/v2/batch-evaluate",le="+Inf"} 1`,
      `nethical_other_bucket{le="0.01"} 99`,
    ].join("\n");
  it("sums label sets per bound and interpolates inside a bucket", () => {
    const b = parseBuckets(scrape(49, 99, 99), "nethical_request_duration_seconds");
    expect(b.get(0.01)).toBe(50);
    expect(b.get(Infinity)).toBe(100);
    expect(quantileMs(b, 0.5)).toBeCloseTo(10);
    expect(quantileMs(b, 0.75)).toBeCloseTo(30); // halfway through the 10–50 ms bucket
  });
  it("takes the requests between two scrapes, and says null when there were none", () => {
    const before = parseBuckets(scrape(10, 10, 10), "nethical_request_duration_seconds");
    const after = parseBuckets(scrape(10, 20, 20), "nethical_request_duration_seconds");
    const delta = bucketDelta(before, after);
    expect(delta.get(0.01)).toBe(0);
    expect(quantileMs(delta, 0.99)).toBeGreaterThan(10);
    expect(quantileMs(bucketDelta(after, after), 0.5)).toBeNull();
    // beyond the largest finite bound: that bound
    expect(quantileMs(new Map([[0.05, 0], [Infinity, 5]]), 0.5)).toBe(50);
  });
});

describe("live filters", () => {
  const row = toRow({ event_id: "e1", decision_id: "d1", agent_id: "Robot-7", decision: "BLOCK", decided_at: "2026-12-05T19:00:00.000Z", laws: [2], violations: [{ law: 2 }, { law: 21 }] });
  const none = { agent: "", decision: "", law: "", minutes: "" };
  const now = Date.parse("2026-12-05T19:04:00.000Z");
  it("filters by agent (substring, any case), decision, law and time", () => {
    expect(matches(row, none, now)).toBe(true);
    expect(matches(row, { ...none, agent: "robot" }, now)).toBe(true);
    expect(matches(row, { ...none, agent: "drone" }, now)).toBe(false);
    expect(matches(row, { ...none, decision: "ALLOW" }, now)).toBe(false);
    expect(matches(row, { ...none, law: "21" }, now)).toBe(true);
    expect(matches(row, { ...none, law: "5" }, now)).toBe(false);
    expect(matches(row, { ...none, minutes: "5" }, now)).toBe(true);
    expect(matches(row, { ...none, minutes: "1" }, now)).toBe(false);
  });
  it("reads recorded decisions (time, explanation.laws) like stream messages", () => {
    const recorded = toRow({ event_id: "e2", decision_id: "d2", agent_id: "a", decision: "ALLOW", time: "2026-12-05T19:00:00.000Z", violations: [], explanation: { summary: "ok", decided_by: [], laws: [7] } });
    expect(recorded).toMatchObject({ time: "2026-12-05T19:00:00.000Z", laws: [7] });
  });
});

describe("roles", () => {
  it("mirrors the API's roles: operators act, auditors read proofs, agents and devices get nothing", () => {
    expect(abilitiesOf("operator")).toMatchObject({ readAudit: false, reinstate: true, transition: true });
    expect(abilitiesOf("auditor")).toMatchObject({ readAudit: true, reinstate: false, transition: false });
    expect(abilitiesOf("admin")).toMatchObject({ readAudit: true, reinstate: true, transition: true });
    expect(abilitiesOf("agent").views).toEqual([]);
    expect(abilitiesOf("device").views).toEqual([]);
    expect(abilitiesOf("platform").views).toEqual([]);
  });
});

describe("attestationText", () => {
  it("shows whichever attestation field the fleet sends, or says it is not reported", () => {
    expect(attestationText({ attestation: { state: "verified", verified_at: "2026-12-05T19:00:00Z" } })).toBe("verified (2026-12-05T19:00:00Z)");
    expect(attestationText({ attestation: { verified: false } })).toBe("not verified");
    expect(attestationText({ attestation: { mode: "tpm", status: "verified" } })).toBe("tpm: verified");
    expect(attestationText({ attestation: { mode: "software" } })).toBe("software");
    expect(attestationText({ attestation_state: "failed" })).toBe("failed");
    expect(attestationText({ attested: true })).toBe("attested");
    expect(attestationText({})).toBe("not reported");
  });
});
