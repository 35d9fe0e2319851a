/**
 * The AuditLog's alarm: set by an append, it signs the grown head without anyone asking; without a
 * database (the workers tests run without DATABASE_URL) it leaves the outbox alone and does not come back;
 * markStored empties the outbox; the development signing key is made once and kept.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { events, freshLog } from "./testing.ts";
import { loadAuditSigningKey } from "./signing-key.ts";
import { generateSoftwareSigner, softwareSignerFromJwk } from "@nethical/core";

describe("AuditLog alarm", () => {
  it("is set by an append and signs the head of the grown log", async () => {
    const { tenant, stub } = freshLog("alarm");
    await stub.append(tenant, events(tenant, 4));
    expect((await stub.stats(tenant)).latest_tree_head).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const stats = await stub.stats(tenant);
    expect(stats.latest_tree_head?.tree_size).toBe(4);
    expect(stats.database).toBe("none");
    expect(stats.pending_db).toBe(4);
    // Without a database nothing is re-driven and the alarm does not come back.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("is not set by a pure redelivery", async () => {
    const { tenant, stub } = freshLog("alarm-dup");
    const batch = events(tenant, 2);
    await stub.append(tenant, batch);
    await runDurableObjectAlarm(stub);
    await stub.append(tenant, batch);
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("markStored empties the outbox", async () => {
    const { tenant, stub } = freshLog("outbox");
    const batch = events(tenant, 3);
    await stub.append(tenant, batch);
    expect(await stub.markStored(tenant, [batch[0]!.event_id, batch[2]!.event_id, "unknown"])).toBe(2);
    expect((await stub.stats(tenant)).pending_db).toBe(1);
  });
});

describe("AuditLog signing key", () => {
  it("without AUDIT_SIGNING_KEY: one development key, generated once and kept", async () => {
    const { tenant, stub } = freshLog("devkey");
    await stub.append(tenant, events(tenant, 1));
    const first = await stub.treeHead(tenant);
    expect((await stub.stats(tenant)).signing_key).toBe("development");
    await runInDurableObject(stub, async (_i, state) => {
      const again = await loadAuditSigningKey({ ENVIRONMENT: "development" }, state.storage.sql);
      expect(again.publicKey).toEqual(first.public_key);
    });
  });

  it("with AUDIT_SIGNING_KEY: that key, with an id derived from its public half; junk is an error", async () => {
    const { stub } = freshLog("secretkey");
    const { privateKeyJwk, publicKeyJwk } = await generateSoftwareSigner("x");
    await runInDurableObject(stub, async (_i, state) => {
      const key = await loadAuditSigningKey({ AUDIT_SIGNING_KEY: JSON.stringify(privateKeyJwk), ENVIRONMENT: "production" }, state.storage.sql);
      expect(key.origin).toBe("secret");
      expect(key.publicKey.jwk.x).toBe(publicKeyJwk.x);
      expect(key.publicKey.key_id).toMatch(/^audit-[0-9a-f]{16}$/);
      await expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY: "not json", ENVIRONMENT: "development" }, state.storage.sql)).rejects.toThrow(/not JSON/);
      await expect(loadAuditSigningKey({ AUDIT_SIGNING_KEY: JSON.stringify({ kty: "RSA" }), ENVIRONMENT: "development" }, state.storage.sql)).rejects.toThrow();
      expect((await softwareSignerFromJwk("k", privateKeyJwk)).keyId).toBe("k");
    });
  });
});
