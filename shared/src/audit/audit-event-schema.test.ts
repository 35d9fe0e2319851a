import { describe, expect, it } from "vitest";
import { AuditEventSchema, parseAuditEvent } from "./event.ts";
import { auditLeafBytes, auditLeafHash } from "./leaf.ts";
import { sampleAuditEvent } from "./testing/sample-log.ts";

describe("audit event schema", () => {
  it("accepts a well-formed event and keeps it unchanged", () => {
    const event = sampleAuditEvent(1);
    expect(AuditEventSchema.parse(event)).toEqual(event);
  });

  it("refuses unknown fields, so the leaf is exactly the listed fields (no raw request can ride along)", () => {
    const result = parseAuditEvent({ ...sampleAuditEvent(1), action: "email bob@example.com" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/unrecognized|unknown/i);
      expect(result.reason).not.toContain("bob@example.com");
    }
  });

  it.each([
    ["time without milliseconds", { time: "2026-01-01T00:00:00Z" }],
    ["time that does not round-trip", { time: "2026-02-30T00:00:00.000Z" }],
    ["upper-case request hash", { request_hash: "AB".repeat(32) }],
    ["decision outside the vocabulary", { decision: "DENY" }],
    ["risk above 1", { risk_score: 1.5 }],
    ["negative latency", { latency_ms: -1 }],
    ["event id with a slash", { event_id: "a/b" }],
    ["device source without device_id", { source: "device" }],
    ["device_id on an edge-worker event", { device_id: "dev-1" }],
  ])("refuses %s", (_name, patch) => {
    expect(parseAuditEvent({ ...sampleAuditEvent(2), ...patch }).ok).toBe(false);
  });

  it("accepts a device event with its device_id", () => {
    expect(parseAuditEvent(sampleAuditEvent(3, { source: "device", device_id: "robot-arm-1" })).ok).toBe(true);
  });
});

describe("audit leaf", () => {
  it("is the canonical JSON of the event: key order does not change the leaf hash", () => {
    const event = sampleAuditEvent(4);
    const reversed = Object.fromEntries(Object.entries(event).reverse()) as typeof event;
    expect(new TextDecoder().decode(auditLeafBytes(reversed))).toBe(new TextDecoder().decode(auditLeafBytes(event)));
    expect(auditLeafHash(reversed)).toEqual(auditLeafHash(event));
  });

  it("changes when any field changes", () => {
    const event = sampleAuditEvent(5);
    const base = auditLeafHash(event);
    expect(auditLeafHash({ ...event, decision: "TERMINATE" })).not.toEqual(base);
    expect(auditLeafHash({ ...event, risk_score: 0.51 })).not.toEqual(base);
    expect(auditLeafHash({ ...event, explanation: { ...event.explanation, summary: "edited" } })).not.toEqual(base);
  });
});
