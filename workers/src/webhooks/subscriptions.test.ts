/**
 * Outbound webhook subscriptions through the Worker (workerd, real WebhookOutbox and Queues): roles,
 * secrets shown once, forbidden targets refused with a 400 naming the reason, rotation, deletion, tenant
 * isolation, and the events that land in the delivery log — BLOCK and TERMINATE decisions, agent.terminated
 * only for the TERMINATE that terminated the agent (not its sticky repeats), reinstatement and policy
 * activation — with no raw action text in any payload. The queue consumer's attempt against a closed
 * local port is recorded in the log (delivery to a live receiver is the end-to-end test's).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy, type TestTenant } from "../testing/api.ts";
import { WebhookDelivery, WebhookSubscription, WebhookSubscriptionWithSecret } from "./views.ts";

const BASE = "/v2/webhooks/subscriptions";
/** A loopback port nothing listens on (development allows loopback targets). */
const CLOSED_TARGET = "http://127.0.0.1:59999/hook";

interface SubscriptionBody {
  id: string;
  url: string;
  events: string[];
  secret?: string;
  previous_secret_expires_at: string | null;
}
interface DeliveryBody {
  id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  next_retry_at: string | null;
  attempts: { attempt: number; status_code: number | null; error: string | null }[];
  payload: { type: string; tenant: string; data: Record<string, unknown> };
}

let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTenant("webhooks");
  other = await createTenant("webhooks-other");
});

async function subscribe(key: string, events: string[], url = CLOSED_TARGET): Promise<SubscriptionBody> {
  const res = await api(BASE, { key, json: { url, events } });
  expect(res.status, await res.clone().text()).toBe(201);
  const body = await res.json();
  WebhookSubscriptionWithSecret.parse(body); // the answer matches the API description's schema
  return body as SubscriptionBody;
}

async function deliveries(key: string, id: string, query = ""): Promise<DeliveryBody[]> {
  const res = await api(`${BASE}/${id}/deliveries${query}`, { key });
  expect(res.status).toBe(200);
  const { deliveries: list } = (await res.json()) as { deliveries: unknown[] };
  for (const d of list) WebhookDelivery.parse(d);
  return list as DeliveryBody[];
}

/** Poll until `check` holds (the fan-out and the queue run after the response). */
async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, tries = 100): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !check(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe("webhook subscriptions: routes and roles", () => {
  it("operator and admin create (secret shown once); auditor reads without secrets; agent and auditor may not write", async () => {
    const created = await subscribe(t.keys.operator, ["decision.blocked"]);
    expect(created.id).toMatch(/^sub_[0-9a-f]{32}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await subscribe(t.keys.admin, ["policy.activated"])).secret).toMatch(/^whsec_/);

    const list = await api(BASE, { key: t.keys.auditor });
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain("whsec_");
    expect(text).not.toContain("secret\"");
    expect((JSON.parse(text) as { subscriptions: SubscriptionBody[] }).subscriptions.map((s) => s.id)).toContain(created.id);
    const one = await api(`${BASE}/${created.id}`, { key: t.keys.auditor });
    expect(one.status).toBe(200);
    const oneText = await one.text();
    expect(oneText).not.toContain("whsec_");
    WebhookSubscription.parse(JSON.parse(oneText));

    expect((await api(BASE, { key: t.keys.agent, json: { url: CLOSED_TARGET, events: ["decision.blocked"] } })).status).toBe(403);
    expect((await api(BASE, { key: t.keys.auditor, json: { url: CLOSED_TARGET, events: ["decision.blocked"] } })).status).toBe(403);
    expect((await api(BASE, { key: t.keys.agent })).status).toBe(403);
    expect((await api(`${BASE}/${created.id}`, { method: "DELETE", key: t.keys.auditor })).status).toBe(403);
    expect((await api(`${BASE}/${created.id}/rotate-secret`, { method: "POST", key: t.keys.auditor })).status).toBe(403);
    expect((await api(BASE, { json: { url: CLOSED_TARGET, events: ["decision.blocked"] } })).status).toBe(401);
  });

  it("refuses forbidden targets with 400 forbidden-target naming the reason", async () => {
    const cases: [string, string][] = [
      ["http://hooks.example.com/x", "not_https"],
      ["https://10.1.2.3/x", "private_address"],
      ["https://169.254.169.254/latest", "link_local_address"],
      ["https://[::ffff:192.168.0.1]/x", "private_address"],
      ["https://db.internal/x", "internal_host_name"],
      ["https://hooks.example.com:22/x", "unsafe_port"],
    ];
    for (const [url, reason] of cases) {
      const res = await api(BASE, { key: t.keys.admin, json: { url, events: ["decision.blocked"] } });
      expect(res.status, url).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as { type: string; reason: string; detail: string };
      expect(body.type).toBe("urn:nethical:problem:forbidden-target");
      expect(body.reason, url).toBe(reason);
      expect(body.detail).not.toContain(url);
    }
  });

  it("refuses malformed subscriptions with 422", async () => {
    expect((await api(BASE, { key: t.keys.admin, json: { url: CLOSED_TARGET, events: [] } })).status).toBe(422);
    expect((await api(BASE, { key: t.keys.admin, json: { url: CLOSED_TARGET, events: ["decision.allowed"] } })).status).toBe(422);
    expect((await api(BASE, { key: t.keys.admin, json: { url: CLOSED_TARGET, events: ["decision.blocked"], extra: 1 } })).status).toBe(422);
  });

  it("rotates the secret (previous one signs for a day), deletes, and hides other tenants' subscriptions", async () => {
    const created = await subscribe(t.keys.operator, ["agent.reinstated"]);
    const rotated = await api(`${BASE}/${created.id}/rotate-secret`, { method: "POST", key: t.keys.operator });
    expect(rotated.status).toBe(200);
    const body = (await rotated.json()) as SubscriptionBody;
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(created.secret);
    expect(body.previous_secret_expires_at).not.toBeNull();

    expect((await api(`${BASE}/${created.id}`, { key: other.keys.admin })).status).toBe(404);
    expect((await api(`${BASE}/${created.id}`, { method: "DELETE", key: other.keys.admin })).status).toBe(404);
    expect((await api(`${BASE}/${created.id}/deliveries`, { key: other.keys.auditor })).status).toBe(404);

    expect((await api(`${BASE}/${created.id}`, { method: "DELETE", key: t.keys.operator })).status).toBe(204);
    expect((await api(`${BASE}/${created.id}`, { key: t.keys.operator })).status).toBe(404);
    expect((await api(`${BASE}/sub_nope`, { key: t.keys.operator })).status).toBe(404);
  });

  it("checks the delivery log's query", async () => {
    const created = await subscribe(t.keys.operator, ["decision.blocked"]);
    expect((await api(`${BASE}/${created.id}/deliveries?status=lost`, { key: t.keys.auditor })).status).toBe(422);
    expect((await api(`${BASE}/${created.id}/deliveries?limit=0`, { key: t.keys.auditor })).status).toBe(422);
    expect((await api(`${BASE}/${created.id}/deliveries/msg_${"0".repeat(32)}/redeliver`, { method: "POST", key: t.keys.operator })).status).toBe(404);
  });
});

describe("webhook events in the delivery log", () => {
  let tenant: TestTenant;
  let sub: SubscriptionBody;
  beforeAll(async () => {
    tenant = await createTenant("webhook-events");
    sub = await subscribe(tenant.keys.admin, ["decision.blocked", "decision.terminated", "agent.terminated", "agent.reinstated", "policy.activated"]);
    await setPolicy(tenant.keys.operator, killSwitchPolicy());
  });

  it("records BLOCK and TERMINATE decisions; agent.terminated only for the first TERMINATE; reinstatement; activation", async () => {
    const secretText = "my ssn is 078-05-1120";
    expect((await evaluate(tenant.keys.agent, action("w-1", { action: secretText, context: { block: true } }))).body.decision).toBe("BLOCK");
    const first = await evaluate(tenant.keys.agent, action("w-2", { context: { kill: true } }));
    expect(first.body.decision).toBe("TERMINATE");
    expect((await evaluate(tenant.keys.agent, action("w-2"))).body.decision).toBe("TERMINATE");
    expect((await api("/v2/agents/w-2/reinstate", { key: tenant.keys.operator, json: { reason: "checked" } })).status).toBe(200);
    expect((await evaluate(tenant.keys.agent, action("w-3"))).body.decision).toBe("ALLOW");

    const log = await until(() => deliveries(tenant.keys.auditor, sub.id), (d) => d.length >= 6);
    const types = log.map((d) => d.event_type).sort();
    expect(types).toEqual(["agent.reinstated", "agent.terminated", "decision.blocked", "decision.terminated", "decision.terminated", "policy.activated"]);
    const terminated = log.find((d) => d.event_type === "agent.terminated") as DeliveryBody;
    expect(terminated.payload.data.decision_id).toBe(first.body.decision_id);
    expect(terminated.payload).toMatchObject({ type: "agent.terminated", tenant: tenant.tenant });
    const reinstated = log.find((d) => d.event_type === "agent.reinstated") as DeliveryBody;
    expect(reinstated.payload.data).toMatchObject({ agent_id: "w-2", operator_key_id: tenant.keyIds.operator, terminated_decision_id: first.body.decision_id });
    expect(JSON.stringify(reinstated.payload)).not.toContain("checked");
    const blocked = log.find((d) => d.event_type === "decision.blocked") as DeliveryBody;
    expect(blocked.payload.data).toMatchObject({ agent_id: "w-1", decision: "BLOCK" });
    expect(blocked.payload.data.request_hash).toMatch(/^[0-9a-f]{64}$/);
    // The raw action never leaves: not in any payload.
    expect(JSON.stringify(log)).not.toContain("078-05-1120");
    for (const d of log) expect(d.id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it("the consumer's failed attempt against a closed port is in the log with its error and next retry; redelivery reopens it", async () => {
    const log = await until(
      () => deliveries(tenant.keys.auditor, sub.id, "?status=pending"),
      (d) => d.some((x) => x.attempt_count >= 1),
    );
    const tried = log.find((d) => d.attempt_count >= 1) as DeliveryBody;
    expect(tried.attempts[0]).toMatchObject({ attempt: 1, status_code: null, error: "connection_failed" });
    expect(tried.next_retry_at).not.toBeNull();

    expect((await api(`${BASE}/${sub.id}/deliveries/${tried.id}/redeliver`, { method: "POST", key: tenant.keys.auditor })).status).toBe(403);
    const again = await api(`${BASE}/${sub.id}/deliveries/${tried.id}/redeliver`, { method: "POST", key: tenant.keys.operator });
    expect(again.status).toBe(202);
    expect(((await again.json()) as DeliveryBody).status).toBe("pending");
    const after = await until(
      () => deliveries(tenant.keys.auditor, sub.id),
      (d) => (d.find((x) => x.id === tried.id)?.attempts.some((a) => (a as { manual?: boolean }).manual === true)) === true,
    );
    expect(after.find((x) => x.id === tried.id)?.attempts.some((a) => (a as { manual?: boolean }).manual === true)).toBe(true);
  });
});
