/**
 * The WebhookInbox Durable Object (workerd): a tenant with no secret gets nothing written by verification
 * reads; claims (new, a replay refused, retry with the first answer, another body, in progress, a dead claim taken over after
 * its lease, a released claim); both secrets verifying during a rotation's grace period and only the new one
 * after it; the alarm forgets ids past their retention and secrets past their grace.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { webhookInboxName } from "./name.ts";
import { CLAIM_LEASE_MS, SEEN_ID_RETENTION_MS } from "./seen-table.ts";
import { INBOUND_SECRET_GRACE_MS } from "./secret-table.ts";

function freshInbox(prefix: string) {
  const tenant = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  return { tenant, stub: env.WEBHOOK_INBOX.get(env.WEBHOOK_INBOX.idFromName(webhookInboxName(tenant))) };
}

const ANSWER = { status: 200, body: "{\"decision_id\":\"d-1\"}", headers: { "x-nethical-policy-version": "1.ab" } };

describe("WebhookInbox", () => {
  it("writes nothing for a tenant without secrets", async () => {
    const { tenant, stub } = freshInbox("inbox-empty");
    expect(await stub.verificationSecrets(tenant, "generic", Date.now())).toEqual([]);
    expect(await stub.listSecrets(tenant, "generic", Date.now())).toEqual([]);
    expect(await stub.retireSecret(tenant, "generic", "whk_0")).toBe(false);
    const tables = await runInDurableObject(stub, (_o, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name NOT LIKE '_cf%' AND name NOT LIKE 'sqlite%'").toArray());
    expect(tables).toEqual([]);
  });

  it("claims: new, retry with the first answer, another body, in progress, taken over after the lease, released", async () => {
    const { tenant, stub } = freshInbox("inbox-claim");
    const now = Date.now();
    /** A delivery's signed timestamp, `k` seconds after the first. */
    const at = (k: number) => Math.floor(now / 1000) + k;
    expect(await stub.claim(tenant, "generic", "msg_1", "hash-a", at(0), now)).toEqual({ kind: "new" });
    expect(await stub.claim(tenant, "generic", "msg_1", "hash-a", at(1), now + 10)).toEqual({ kind: "in_progress" });
    expect(await stub.claim(tenant, "generic", "msg_1", "hash-b", at(2), now + 10)).toEqual({ kind: "mismatch" });
    // The same id from another source is another message.
    expect(await stub.claim(tenant, "openai", "msg_1", "hash-b", at(0), now)).toEqual({ kind: "new" });
    await stub.complete(tenant, "generic", "msg_1", ANSWER);
    expect(await stub.claim(tenant, "generic", "msg_1", "hash-a", at(60), now + 60_000)).toEqual({ kind: "retry", answer: ANSWER });

    expect(await stub.claim(tenant, "generic", "msg_dead", "h", at(0), now)).toEqual({ kind: "new" });
    expect(await stub.claim(tenant, "generic", "msg_dead", "h", at(31), now + CLAIM_LEASE_MS + 1)).toEqual({ kind: "new" });
    await stub.release(tenant, "generic", "msg_dead");
    expect(await stub.claim(tenant, "generic", "msg_dead", "h", at(32), now + CLAIM_LEASE_MS + 2)).toEqual({ kind: "new" });
  });

  it("refuses a replay: a signed timestamp not newer than one already received under the id, answered or not", async () => {
    const { tenant, stub } = freshInbox("inbox-replay");
    const now = Date.now();
    const at = (k: number) => Math.floor(now / 1000) + k;
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-a", at(0), now)).toEqual({ kind: "new" });
    // The same request again while it is being decided, and after it was answered.
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-a", at(0), now + 5)).toEqual({ kind: "replayed" });
    await stub.complete(tenant, "generic", "msg_r", ANSWER);
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-a", at(0), now + 10)).toEqual({ kind: "replayed" });
    // The sender's retry, signed anew, gets the answer; then the first capture and the retry itself replayed are refused.
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-a", at(30), now + 30_000)).toEqual({ kind: "retry", answer: ANSWER });
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-a", at(0), now + 31_000)).toEqual({ kind: "replayed" });
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-a", at(30), now + 31_000)).toEqual({ kind: "replayed" });
    // Another body under the id with an old timestamp is a replay too (nothing tells a forger's body from the sender's).
    expect(await stub.claim(tenant, "generic", "msg_r", "hash-b", at(10), now + 32_000)).toEqual({ kind: "replayed" });
  });

  it("adds the signed-timestamp column to a table created before it existed", async () => {
    const { tenant, stub } = freshInbox("inbox-migrate");
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec("CREATE TABLE seen_webhooks (source TEXT NOT NULL, webhook_id TEXT NOT NULL, body_hash TEXT NOT NULL, received_at INTEGER NOT NULL, answer TEXT, PRIMARY KEY (source, webhook_id))");
      state.storage.sql.exec("INSERT INTO seen_webhooks VALUES ('generic', 'msg_old', 'hash-a', ?, ?)", Date.now(), JSON.stringify(ANSWER));
    });
    const now = Date.now();
    expect(await stub.claim(tenant, "generic", "msg_old", "hash-a", Math.floor(now / 1000), now)).toEqual({ kind: "retry", answer: ANSWER });
    expect(await stub.claim(tenant, "generic", "msg_old", "hash-a", Math.floor(now / 1000), now)).toEqual({ kind: "replayed" });
  });

  it("after a rotation both secrets verify until the grace period ends, then only the new one (before any alarm)", async () => {
    const { tenant, stub } = freshInbox("inbox-grace");
    const now = Date.now();
    const created = await stub.createSecret(tenant, "openai", now);
    const rotated = await stub.rotateSecret(tenant, "openai", now + 1);
    if (!created.ok || !rotated.ok) throw new Error("create or rotate refused");
    expect(await stub.verificationSecrets(tenant, "openai", now + INBOUND_SECRET_GRACE_MS)).toEqual([rotated.secret, created.secret]);
    expect(await stub.verificationSecrets(tenant, "openai", now + 1 + INBOUND_SECRET_GRACE_MS)).toEqual([rotated.secret]);
    expect((await stub.listSecrets(tenant, "openai", now + 1 + INBOUND_SECRET_GRACE_MS)).map((s) => s.id)).toEqual([rotated.view.id]);
    // The other source is untouched by this one's secrets.
    expect(await stub.verificationSecrets(tenant, "generic", now)).toEqual([]);
  });

  it("the alarm forgets ids past their retention and secrets past their grace period", async () => {
    const { tenant, stub } = freshInbox("inbox-prune");
    const longAgo = Date.now() - SEEN_ID_RETENTION_MS - 60_000;
    expect(await stub.claim(tenant, "generic", "msg_old", "hash-a", Math.floor(longAgo / 1000), longAgo)).toEqual({ kind: "new" });
    await stub.complete(tenant, "generic", "msg_old", ANSWER);
    expect(await stub.claim(tenant, "generic", "msg_recent", "hash-a", Math.floor(Date.now() / 1000), Date.now())).toEqual({ kind: "new" });
    const created = await stub.createSecret(tenant, "generic", longAgo - INBOUND_SECRET_GRACE_MS);
    expect(created.ok).toBe(true);
    const rotated = await stub.rotateSecret(tenant, "generic", longAgo);
    expect(rotated.ok).toBe(true);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const rows = await runInDurableObject(stub, (_o, state) => ({
      seen: state.storage.sql.exec("SELECT webhook_id FROM seen_webhooks").toArray().map((r) => r.webhook_id),
      secrets: state.storage.sql.exec("SELECT id FROM inbound_secrets").toArray().map((r) => r.id),
    }));
    expect(rows.seen).toEqual(["msg_recent"]);
    expect(rows.secrets).toEqual([rotated.ok ? rotated.view.id : ""]);
    // The forgotten id is new again (its timestamp would be refused long before, by the replay window).
    expect(await stub.claim(tenant, "generic", "msg_old", "hash-b", Math.floor(Date.now() / 1000), Date.now())).toEqual({ kind: "new" });
  });
});
