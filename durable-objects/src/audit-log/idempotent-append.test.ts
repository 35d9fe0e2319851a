/**
 * AuditLog.append is the Merkle sequencer: gap-free leaf indices in order, idempotent on event_id (a
 * retried event gets its first leaf index back, the log does not grow), a different event under a known
 * id refused as a conflict, malformed or foreign-tenant events refused, state kept across eviction, and
 * one object serving one tenant only.
 */
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { events, freshLog } from "./testing.ts";

describe("AuditLog append", () => {
  it("numbers leaves 0, 1, 2… in order", async () => {
    const { tenant, stub } = freshLog("append");
    const results = await stub.append(tenant, events(tenant, 5));
    expect(results.map((r) => r.leaf_index)).toEqual([0, 1, 2, 3, 4]);
    expect(results.every((r) => r.status === "appended")).toBe(true);
    const more = await stub.append(tenant, events(tenant, 2, 5));
    expect(more.map((r) => r.leaf_index)).toEqual([5, 6]);
  });

  it("gives a redelivered event the same leaf index and does not grow the log", async () => {
    const { tenant, stub } = freshLog("retry");
    const batch = events(tenant, 4);
    await stub.append(tenant, batch);
    const again = await stub.append(tenant, [batch[2]!, ...events(tenant, 1, 4), batch[0]!]);
    expect(again.map((r) => [r.leaf_index, r.status])).toEqual([[2, "duplicate"], [4, "appended"], [0, "duplicate"]]);
    expect((await stub.stats(tenant)).tree_size).toBe(5);
  });

  it("refuses a different event under an id it already holds (conflict), keeping the first", async () => {
    const { tenant, stub } = freshLog("conflict");
    const [first] = events(tenant, 1);
    await stub.append(tenant, [first!]);
    const [r] = await stub.append(tenant, [{ ...first!, decision: first!.decision === "ALLOW" ? "BLOCK" : "ALLOW" }]);
    expect(r).toMatchObject({ leaf_index: 0, status: "conflict" });
    expect((await stub.getEvent(tenant, first!.event_id))?.event.decision).toBe(first!.decision);
    expect((await stub.stats(tenant)).tree_size).toBe(1);
  });

  it("refuses malformed events and events of another tenant, appending the valid ones", async () => {
    const { tenant, stub } = freshLog("invalid");
    const [ok, foreign] = [events(tenant, 1)[0]!, events("someone-else", 1, 1)[0]!];
    const results = await stub.append(tenant, [{ ...ok, raw_request: "x" }, foreign, ok, "junk"]);
    expect(results.map((r) => r.status)).toEqual(["invalid", "invalid", "appended", "invalid"]);
    expect(results[2]!.leaf_index).toBe(0);
  });

  it("keeps the log across eviction: sizes, indices and idempotency survive", async () => {
    const { tenant, stub } = freshLog("evict");
    const batch = events(tenant, 3);
    await stub.append(tenant, batch);
    const before = await stub.treeHead(tenant);
    await evictDurableObject(stub);
    expect((await stub.append(tenant, [batch[1]!]))[0]).toMatchObject({ leaf_index: 1, status: "duplicate" });
    const after = await stub.treeHead(tenant);
    expect(after.tree_head.root_hash).toBe(before.tree_head.root_hash);
    expect(after.public_key).toEqual(before.public_key);
    expect((await stub.append(tenant, events(tenant, 1, 3)))[0]!.leaf_index).toBe(3);
  });

  it("serves one tenant only", async () => {
    const { tenant, stub } = freshLog("bound");
    await stub.append(tenant, events(tenant, 1));
    let message = "";
    try {
      await stub.append("other-tenant", events("other-tenant", 1));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/another tenant/);
    expect((await stub.stats(tenant)).tree_size).toBe(1);
  });
});
