/**
 * Inbound webhooks through the Worker (workerd, real WebhookInbox, AgentState, audit Queue): secrets created,
 * rotated (two valid at once), listed without values and retired, by role; a signed tool call decided and
 * audited; wrong secret, stale timestamp, altered body, missing headers and an unknown tenant refused with
 * one and the same 401 and nothing evaluated; a replay refused with 401; a sender's retry answered with the first decision, the same id
 * with another body refused; unknown source 404, malformed events 400/422, oversize 413; `subscriptions` never
 * a source; failed signatures counted as failed authentications of the address.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { api, createTenant, type TestTenant } from "../../testing/api.ts";
import { waitForDecision } from "../../audit/testing.ts";
import { signatureHeaders, type SignatureHeaders } from "../sign.ts";
import { EvaluateResponse } from "../../openapi/components.ts";
import { InboundWebhookSecret, InboundWebhookSecretWithValue } from "./views.ts";
import { INBOUND_REPLAYED_DETAIL, INBOUND_UNAUTHORIZED_DETAIL } from "../../routes/webhooks-inbound.ts";

/** This file's client address, so its failed signatures count against no other test's. */
const CLIENT = "198.51.100.61";
let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTenant("inbound");
  other = await createTenant("inbound-other");
});

interface SecretBody {
  id: string;
  source: string;
  created_at: string;
  expires_at: string | null;
  secret?: string;
}

async function createSecret(key: string, source: string, path = "secrets"): Promise<SecretBody> {
  const res = await api(`/v2/webhooks/${source}/${path}`, { method: "POST", key });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return InboundWebhookSecretWithValue.parse(await res.json()) as SecretBody;
}

async function listSecrets(key: string, source: string): Promise<{ text: string; secrets: SecretBody[] }> {
  const res = await api(`/v2/webhooks/${source}/secrets`, { key });
  expect(res.status).toBe(200);
  const text = await res.text();
  const secrets = (JSON.parse(text) as { secrets: unknown[] }).secrets.map((s) => InboundWebhookSecret.parse(s) as SecretBody);
  return { text, secrets };
}

interface Delivery {
  body?: string;
  id?: string;
  secrets: string[];
  now?: number;
  tenant?: string | null;
  headers?: Record<string, string>;
  client?: string;
}

/** POST a delivery to `source`, signed with `secrets` (Standard Webhooks, as the outbound signer does). */
function deliver(source: string, event: unknown, d: Delivery): Promise<Response> {
  const body = d.body ?? JSON.stringify(event);
  const id = d.id ?? `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const signed = d.secrets.length === 0 ? {} : signatureHeaders(id, body, d.secrets, d.now ?? Date.now());
  const tenant = d.tenant === undefined ? t.tenant : d.tenant;
  const query = tenant === null ? "" : `?tenant=${tenant}`;
  return api(`/v2/webhooks/${source}${query}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "cf-connecting-ip": d.client ?? CLIENT, ...signed, ...d.headers },
  });
}

function toolCall(agentId: string, cmd = "ls -la /tmp"): Record<string, unknown> {
  return { type: "tool_call", agent_id: agentId, tool: { name: "run_shell", arguments: { cmd } } };
}

/** The agent's decided requests (0 when the agent was never evaluated). */
async function requestsOf(agentId: string): Promise<number> {
  const res = await api(`/v2/agents/${agentId}`, { key: t.keys.operator });
  if (res.status === 404) return 0;
  expect(res.status).toBe(200);
  return ((await res.json()) as { requests: number }).requests;
}

async function expectUnauthorized(res: Response): Promise<string> {
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { type: string; detail: string };
  expect(body.type).toBe("urn:nethical:problem:unauthorized");
  return body.detail;
}

describe("inbound webhook secrets", () => {
  it("operator and admin create, rotate, list (never values) and retire; agent and auditor may not; no key is 401", async () => {
    const first = await createSecret(t.keys.operator, "openai");
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(first.expires_at).toBeNull();
    const again = await api("/v2/webhooks/openai/secrets", { method: "POST", key: t.keys.admin });
    expect(again.status).toBe(409);

    const second = await createSecret(t.keys.admin, "openai", "secrets/rotate");
    const { text, secrets } = await listSecrets(t.keys.admin, "openai");
    expect(secrets.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(secrets[1]?.expires_at).not.toBeNull();
    expect(text).not.toContain("whsec_");
    expect(text).not.toContain(first.secret!.slice(6, 30));
    // Two valid already: rotating again is refused until the previous one is retired.
    expect((await api("/v2/webhooks/openai/secrets/rotate", { method: "POST", key: t.keys.admin })).status).toBe(409);

    for (const key of [t.keys.agent, t.keys.auditor]) {
      expect((await api("/v2/webhooks/openai/secrets", { method: "POST", key })).status).toBe(403);
      expect((await api("/v2/webhooks/openai/secrets", { key })).status).toBe(403);
      expect((await api(`/v2/webhooks/openai/secrets/${first.id}`, { method: "DELETE", key })).status).toBe(403);
    }
    expect((await api("/v2/webhooks/openai/secrets")).status).toBe(401);
    // Another tenant sees none of them and cannot retire them.
    expect((await listSecrets(other.keys.admin, "openai")).secrets).toEqual([]);
    expect((await api(`/v2/webhooks/openai/secrets/${first.id}`, { method: "DELETE", key: other.keys.admin })).status).toBe(404);
    expect((await api("/v2/webhooks/nope/secrets", { key: t.keys.admin })).status).toBe(404);
    expect((await api("/v2/webhooks/openai/secrets/rotate", { method: "POST", key: other.keys.admin })).status).toBe(409);
  });
});

describe("POST /v2/webhooks/{source}", () => {
  let generic: string;
  beforeAll(async () => {
    generic = (await createSecret(t.keys.admin, "generic")).secret!;
  });

  it("decides a signed generic tool call as /v2/evaluate does, and audits it", async () => {
    const res = await deliver("generic", toolCall("inbound-ok"), { secrets: [generic] });
    const text = await res.clone().text();
    expect(res.status, text).toBe(200);
    expect(text).not.toContain(generic.slice(6, 30)); // the secret is in no answer but its creation
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(res.headers.get("x-nethical-policy-version")).toBeTruthy();
    const body = EvaluateResponse.parse(await res.json()) as { decision_id: string; decision: string }; // the documented schema
    expect(["ALLOW", "RESTRICT"]).toContain(body.decision);
    const audited = await waitForDecision(t.keys.auditor, res.headers.get("x-nethical-audit-event-id")!);
    expect(JSON.stringify(audited)).toContain(body.decision_id);
    expect(await requestsOf("inbound-ok")).toBe(1);

    const blocked = await deliver("generic", toolCall("inbound-ok", "rm -rf / --no-preserve-root"), { secrets: [generic] });
    expect(blocked.status).toBe(200);
    expect(((await blocked.json()) as { decision: string }).decision).toMatch(/BLOCK|TERMINATE/);
  });

  it("refuses a wrong secret, a stale or future timestamp, an altered body, missing headers and an unknown tenant with one 401, evaluating nothing", async () => {
    const agent = "inbound-refused";
    const event = toolCall(agent);
    const wrong = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const body = JSON.stringify(event);
    const id = "msg_altered";
    const signed = signatureHeaders(id, body, [generic], Date.now());
    const details = [
      await expectUnauthorized(await deliver("generic", event, { secrets: [wrong] })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [generic], now: Date.now() - 6 * 60_000 })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [generic], now: Date.now() + 6 * 60_000 })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [], headers: { "webhook-signature": signed["webhook-signature"], "webhook-timestamp": signed["webhook-timestamp"], "webhook-id": id }, body: body.replace("ls -la", "ls -lR") })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [] })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [generic], tenant: null })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [generic], tenant: "no-such-tenant-4f1c" })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [generic], tenant: other.tenant })),
      await expectUnauthorized(await deliver("generic", event, { secrets: [generic], tenant: "Bad:Tenant" })),
      // The openai source has its own secrets: generic's does not verify there.
      await expectUnauthorized(await deliver("openai", { agent_id: agent, name: "f", arguments: "{}" }, { secrets: [generic] })),
    ];
    expect(new Set(details).size).toBe(1);
    expect(await requestsOf(agent)).toBe(0);
  });

  it("answers a sender's retry with the first decision (not evaluated again) and refuses the id with another body", async () => {
    const agent = "inbound-retry";
    const id = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    const first = await deliver("generic", toolCall(agent), { secrets: [generic], id });
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { decision_id: string };
    // A retry re-signed later with a fresh timestamp, as Standard Webhooks senders do.
    const retry = await deliver("generic", toolCall(agent), { secrets: [generic], id, now: Date.now() + 2000 });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { decision_id: string }).decision_id).toBe(firstBody.decision_id);
    expect(await requestsOf(agent)).toBe(1);

    const changed = await deliver("generic", toolCall(agent, "cat /etc/passwd"), { secrets: [generic], id, now: Date.now() + 4000 });
    expect(changed.status).toBe(409);
    expect(changed.headers.get("content-type")).toContain("application/problem+json");
    expect(await requestsOf(agent)).toBe(1);
  });

  it("refuses a replay (a delivery received again as it was, or an older capture after a retry) with 401, nothing evaluated", async () => {
    const agent = "inbound-replay";
    const id = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    const body = JSON.stringify(toolCall(agent));
    const captured = signatureHeaders(id, body, [generic], Date.now());
    const send = (signed: SignatureHeaders) =>
      api(`/v2/webhooks/generic?tenant=${t.tenant}`, { method: "POST", body, headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.62", ...signed } });

    expect((await send(captured)).status).toBe(200);
    const replay = await send(captured);
    const detail = await expectUnauthorized(replay);
    expect(detail).toBe(INBOUND_REPLAYED_DETAIL);
    expect(await requestsOf(agent)).toBe(1);

    // The sender's retry, signed anew, still gets the first answer; the first capture replayed after it does not.
    const retry = await send(signatureHeaders(id, body, [generic], Date.now() + 2000));
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    await expectUnauthorized(await send(captured));
    expect(await requestsOf(agent)).toBe(1);
  });

  it("accepts the second secret during a rotation, and the first stops once retired", async () => {
    const source = "openai";
    const old = await createSecretFresh(source);
    const next = await createSecret(t.keys.admin, source, "secrets/rotate");
    const call = (n: number) => ({ agent_id: "inbound-rotation", name: "lookup_order", arguments: JSON.stringify({ order: n }) });

    expect((await deliver(source, call(1), { secrets: [old.secret!] })).status).toBe(200);
    expect((await deliver(source, call(2), { secrets: [next.secret!] })).status).toBe(200);
    expect((await api(`/v2/webhooks/${source}/secrets/${old.id}`, { method: "DELETE", key: t.keys.operator })).status).toBe(204);
    await expectUnauthorized(await deliver(source, call(3), { secrets: [old.secret!] }));
    expect((await deliver(source, call(4), { secrets: [next.secret!] })).status).toBe(200);
    expect(await requestsOf("inbound-rotation")).toBe(3);
    expect((await api(`/v2/webhooks/${source}/secrets/${old.id}`, { method: "DELETE", key: t.keys.operator })).status).toBe(404);
  });

  it("maps an OpenAI function call: arguments parsed and scanned; bad arguments are 400 naming the field", async () => {
    const secret = (await createSecretFresh("openai")).secret!;
    const ok = await deliver("openai", { agent_id: "inbound-openai", name: "run_shell", arguments: JSON.stringify({ cmd: "rm -rf / --no-preserve-root" }) }, { secrets: [secret] });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(((await ok.json()) as { decision: string }).decision).toMatch(/BLOCK|TERMINATE/);
    // The Responses API's function_call item, forwarded with agent_id added.
    const item = { type: "function_call", id: "fc_1", call_id: "call_1", status: "completed", agent_id: "inbound-openai", name: "lookup_order", arguments: "{\"order\":7}" };
    expect((await deliver("openai", item, { secrets: [secret] })).status).toBe(200);

    for (const args of ["{not json", "[1,2]", "\"text\""]) {
      const res = await deliver("openai", { agent_id: "inbound-openai-bad", name: "f", arguments: args }, { secrets: [secret] });
      expect(res.status, args).toBe(400);
      const problem = (await res.json()) as { errors: { path: string }[] };
      expect(problem.errors[0]?.path).toBe("arguments");
    }
    const missing = await deliver("openai", { name: "f", arguments: "{}" }, { secrets: [secret] });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain("agent_id");
    expect(await requestsOf("inbound-openai-bad")).toBe(0);
  });

  it("unknown source 404, not JSON 415, malformed 400, oversize 413 — all problem+json", async () => {
    const unknown = await deliver("zapier", toolCall("x"), { secrets: [generic] });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect((await deliver("generic", null, { secrets: [generic], body: "{\"type\":" })).status).toBe(400);
    expect((await deliver("generic", null, { secrets: [generic], body: "x".repeat(300 * 1024) })).status).toBe(413);
    expect((await deliver("generic", toolCall("x"), { secrets: [generic], headers: { "content-type": "text/plain" } })).status).toBe(415);
    const extra = await deliver("generic", { ...toolCall("x"), shell: true }, { secrets: [generic] });
    expect(extra.status).toBe(422);
  });

  it("never takes `subscriptions` as a source: a signed delivery there meets the subscriptions' API-key check, nothing evaluated", async () => {
    const agent = "inbound-subscriptions";
    const res = await deliver("subscriptions", toolCall(agent), { secrets: [generic] });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer"); // the API-key challenge, not the signature's 401
    expect(await expectUnauthorized(res)).not.toBe(INBOUND_UNAUTHORIZED_DETAIL);
    const secrets = await api("/v2/webhooks/subscriptions/secrets", { method: "POST", key: t.keys.admin });
    expect(secrets.status).toBe(404);
    expect(await requestsOf(agent)).toBe(0);
  });

  it("counts failed signatures as failed authentications of the address (429 past the limit)", async () => {
    const client = "198.51.100.62";
    let status = 0;
    for (let i = 0; i < 120 && status !== 429; i++) {
      const res = await deliver("generic", toolCall("inbound-flood"), { secrets: [], client });
      status = res.status;
      await res.body?.cancel();
    }
    expect(status).toBe(429);
    // Backed off: even a valid signature from that address is not checked now.
    const valid = await deliver("generic", toolCall("inbound-flood"), { secrets: [generic], client });
    expect(valid.status).toBe(429);
    expect(valid.headers.get("retry-after")).toBeTruthy();
    expect(await requestsOf("inbound-flood")).toBe(0);
  });
});

/** A fresh secret for `source` whatever it holds now: retire the previous ones, create one. */
async function createSecretFresh(source: string): Promise<SecretBody> {
  for (const s of (await listSecrets(t.keys.admin, source)).secrets) {
    expect((await api(`/v2/webhooks/${source}/secrets/${s.id}`, { method: "DELETE", key: t.keys.admin })).status).toBe(204);
  }
  return createSecret(t.keys.admin, source);
}
