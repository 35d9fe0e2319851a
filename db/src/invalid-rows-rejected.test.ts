/**
 * The database, not only the caller's zod schema, refuses malformed audit rows: a decision word other
 * than the four, a risk score outside 0–1, a device event without a device_id (or an edge event with
 * one), non-array violations. The schema's decision words are exactly core's DECISIONS.
 */
import { DECISIONS } from "@nethical/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDb, type AuditDb } from "./audit-db.ts";
import { AuditInsertError, insertAuditEvents } from "./insert-audit-events.ts";
import { auditEvents, type NewAuditEvent } from "./schema.ts";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";
import { sampleEvent } from "./testing/sample-events.ts";

it("declares exactly core's four decision words on audit_events.decision", () => {
  expect(auditEvents.decision.enumValues).toEqual([...DECISIONS]);
});

describe.skipIf(!POSTGRES_AVAILABLE)(`malformed audit rows refused by PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  let db: AuditDb;
  let leaf = 0;
  const event = (overrides: Partial<NewAuditEvent>) => sampleEvent(leaf++, { tenant: "checks", ...overrides });

  beforeAll(async () => {
    stack = await startLocalStack();
    db = auditDb(stack.writer);
  }, 120_000);
  afterAll(async () => stack?.stop());

  async function refusal(row: NewAuditEvent): Promise<AuditInsertError> {
    const error = await insertAuditEvents(db, [row]).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuditInsertError);
    return error as AuditInsertError;
  }

  it("stores every one of the four decisions", async () => {
    const rows = DECISIONS.map((decision) => event({ decision }));
    expect(await insertAuditEvents(db, rows)).toHaveLength(4);
  });

  it.each([
    ["a decision word outside the four", { decision: "DENY" as NewAuditEvent["decision"] }, "audit_events_decision_word"],
    ["a lower-case decision", { decision: "allow" as NewAuditEvent["decision"] }, "audit_events_decision_word"],
    ["a risk score above 1", { riskScore: 1.5 }, "audit_events_risk_score_range"],
    ["a negative risk score", { riskScore: -0.01 }, "audit_events_risk_score_range"],
    ["a NaN risk score", { riskScore: Number.NaN }, "audit_events_risk_score_range"],
    ["a negative latency", { latencyMs: -1 }, "audit_events_latency_ms_nonnegative"],
    ["a negative leaf index", { leafIndex: -1 }, "audit_events_leaf_index_nonnegative"],
    ["an unknown source", { source: "laptop" as NewAuditEvent["source"] }, "audit_events_source_word"],
    ["a device event without device_id", { source: "device" as const, deviceId: null }, "audit_events_device_id_iff_device"],
    ["an edge event with a device_id", { source: "edge-worker" as const, deviceId: "robot-7" }, "audit_events_device_id_iff_device"],
    ["violations that are not an array", { violations: { id: "v1" } }, "audit_events_violations_array"],
    ["an empty event_id", { eventId: "" }, "audit_events_event_id_length"],
  ])("refuses %s", async (_what, overrides, constraint) => {
    const refused = await refusal(event(overrides));
    expect(refused.code).toBe("23514");
    expect(refused.constraint).toBe(constraint);
  });

  it("accepts a device event that names its device", async () => {
    expect(await insertAuditEvents(db, [event({ source: "device", deviceId: "robot-7" })])).toHaveLength(1);
  });
});
