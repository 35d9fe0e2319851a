/**
 * Appending one event to the AuditLog's Merkle log, synchronously (inside the caller's
 * `transactionSync`): validated, of this tenant, not yet stored under its event_id (then: the first leaf
 * index back as `duplicate`, or `conflict` when the content differs), hashed as an RFC 6962 leaf of its
 * canonical JSON, and stored with its row. Decision events and admin events (`kind: "admin"`) alike.
 */
import { canonicalJson, parseLogEvent, type MerkleLog } from "@nethical/core";
import { findEvent, insertEvent } from "./event-table.ts";
import type { AppendResult } from "./types.ts";

const encoder = new TextEncoder();

/**
 * Append `raw` (an untrusted value) for `tenant` at `now`.
 *
 * @example
 * ctx.storage.transactionSync(() => events.map((e) => appendEvent(log, sql, "acme", e, Date.now())));
 */
export function appendEvent(log: MerkleLog, sql: SqlStorage, tenant: string, raw: unknown, now: number): AppendResult {
  const parsed = parseLogEvent(raw);
  const id = typeof (raw as { event_id?: unknown })?.event_id === "string" ? String((raw as { event_id: string }).event_id).slice(0, 128) : "";
  if (!parsed.ok) return { event_id: id, leaf_index: null, status: "invalid", reason: parsed.reason };
  const event = parsed.event;
  if (event.tenant !== tenant) return { event_id: id, leaf_index: null, status: "invalid", reason: "event belongs to another tenant" };
  const body = canonicalJson(event);
  const existing = findEvent(sql, event.event_id);
  if (existing !== null && existing.event.event_id === event.event_id) {
    return { event_id: event.event_id, leaf_index: existing.leaf_index, status: existing.body === body ? "duplicate" : "conflict" };
  }
  const index = log.append(encoder.encode(body));
  insertEvent(sql, index, event, body, now);
  return { event_id: event.event_id, leaf_index: index, status: "appended" };
}
