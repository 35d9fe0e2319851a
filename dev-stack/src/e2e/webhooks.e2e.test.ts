/**
 * Outbound webhooks end to end: the real Worker under `wrangler dev` (workerd, Durable Objects, local
 * Queues with their retries and dead-letter queue) delivering to Node HTTP receivers on free loopback
 * ports (development allows loopback targets). Retry delays are kept short through the environment
 * (WEBHOOK_RETRY_BASE_SECONDS=1, not production's 30) and the webhook queue's max_retries is 3 in this
 * run's copy of wrangler.toml (production: 8).
 *
 * - A receiver that fails the first two attempts: the event is accepted exactly once, after the retries,
 *   every attempt with the same `webhook-id`, each signature verifying with the subscription's secret
 *   (checked here with node:crypto, independently of the package that signs), and the log shows 500, 500, 200.
 * - A receiver that is down: the delivery is dead-lettered after 1 + 3 attempts and listed as such.
 * - Manual redelivery of the dead-lettered delivery, once a receiver is up: delivered, same `webhook-id`.
 * - Forbidden targets are refused with 400 naming the reason.
 * - Inbound, the other way: an OpenAI-style function call signed here with node:crypto (not the package the
 *   Worker verifies with) is decided; the same request again (a replay), a wrong secret and an altered
 *   body are 401 with nothing evaluated; a retry signed anew gets the first decision; after a rotation the
 *   second secret works.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../postgres-port.ts";
import { seedDevTenant, type DevTenant } from "../seed.ts";
import { startWranglerDev, type WranglerDev } from "../wrangler-dev.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const MAX_RETRIES = 3;

/** One request a receiver got, and what it answered. */
interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  answered: number;
}

/** A local receiver answering with `answer(n)` for the n-th request (1-based). */
async function startReceiver(port: number, answer: (n: number) => number): Promise<{ received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = answer(received.length + 1);
      received.push({ id: String(req.headers["webhook-id"]), timestamp: String(req.headers["webhook-timestamp"]), signature: String(req.headers["webhook-signature"]), body: Buffer.concat(chunks).toString("utf8"), answered: status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try again");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { received, server };
}

/** Standard Webhooks verification with node:crypto: HMAC-SHA256 over `id.timestamp.body`, key = base64 after `whsec_`. */
function verifies(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${r.id}.${r.timestamp}.${r.body}`).digest("base64");
  return r.signature.split(" ").includes(`v1,${expected}`);
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

interface Delivery {
  id: string;
  status: string;
  attempt_count: number;
  attempts: { status_code: number | null; error: string | null; manual: boolean }[];
}

describe("outbound webhooks end to end (wrangler dev)", () => {
  let dir: string;
  let dev: WranglerDev;
  let tenant: DevTenant;
  const servers: Server[] = [];
  let logs = "";

  const call = async (key: string, path: string, json?: unknown, method?: string) =>
    fetch(`${dev.url}${path}`, { method: method ?? (json === undefined ? "GET" : "POST"), headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  const deliveries = async (sub: string, query = ""): Promise<Delivery[]> =>
    ((await (await call(tenant.keys.auditor, `/v2/webhooks/subscriptions/${sub}/deliveries${query}`)).json()) as { deliveries: Delivery[] }).deliveries;
  const subscribe = async (url: string) => {
    const res = await call(tenant.keys.operator, "/v2/webhooks/subscriptions", { url, events: ["decision.blocked"] });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; secret: string };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nethical-webhooks-e2e-"));
    const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8").replace(/^main = "(.+)"$/m, (_m, main: string) => `main = "${join(ROOT, main)}"`).replace(/^directory = "(.+)"$/m, (_m, dir: string) => `directory = "${join(ROOT, dir)}"`);
    const consumer = /(queue = "nethical-webhooks"\n(?:[a-z_]+ = .+\n)*?)max_retries = \d+/;
    if (!consumer.test(toml)) throw new Error("wrangler.toml has no nethical-webhooks consumer with max_retries");
    writeFileSync(join(dir, "wrangler.toml"), toml.replace(consumer, `$1max_retries = ${MAX_RETRIES}`));
    const bootstrap = `e2e-bootstrap-${crypto.randomUUID()}`;
    writeFileSync(join(dir, "e2e.vars"), `BOOTSTRAP_ADMIN_KEY=${bootstrap}\nWEBHOOK_RETRY_BASE_SECONDS=1\n`);
    dev = await startWranglerDev({ root: ROOT, port: await freePort(), stateDir: join(dir, "state"), envFile: join(dir, "e2e.vars"), config: join(dir, "wrangler.toml"), timeoutMs: 120_000, onOutput: (chunk) => (logs = (logs + chunk).slice(-20_000)) });
    tenant = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), "hooks");
  }, 180_000);

  afterAll(async () => {
    for (const s of servers) s.close();
    await dev?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("inbound: decides a signed function call; refuses a replay, a wrong secret and an altered body; rotation", async () => {
    const created = await call(tenant.keys.operator, "/v2/webhooks/openai/secrets", {});
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const sign = (key: string, id: string, seconds: number, body: string) => ({
      "webhook-id": id,
      "webhook-timestamp": String(seconds),
      "webhook-signature": `v1,${createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64")).update(`${id}.${seconds}.${body}`).digest("base64")}`,
    });
    const send = (headers: Record<string, string>, body: string) =>
      fetch(`${dev.url}/v2/webhooks/openai?tenant=${tenant.tenant}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const requests = async (agent: string) => {
      const res = await call(tenant.keys.operator, `/v2/agents/${agent}`);
      return res.status === 404 ? 0 : ((await res.json()) as { requests: number }).requests;
    };
    const agent = "e2e-inbound";
    const body = JSON.stringify({ agent_id: agent, name: "send_email", arguments: JSON.stringify({ to: "ops@example.com", body: "weekly report" }) });
    const now = Math.floor(Date.now() / 1000);
    const first = sign(secret, "msg_e2e_1", now, body);

    const decided = await send(first, body);
    expect(decided.status).toBe(200);
    const decision = (await decided.json()) as { decision: string; decision_id: string };
    expect(["ALLOW", "RESTRICT"]).toContain(decision.decision);
    for (const refused of [await send(first, body), await send(sign(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, "msg_e2e_2", now, body), body), await send(sign(secret, "msg_e2e_3", now, body), body.replace("weekly", "secret"))]) {
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await requests(agent)).toBe(1);
    const retry = await send(sign(secret, "msg_e2e_1", now + 1, body), body);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { decision_id: string }).decision_id).toBe(decision.decision_id);
    expect(await requests(agent)).toBe(1);

    const rotated = await call(tenant.keys.operator, "/v2/webhooks/openai/secrets/rotate", {});
    expect(rotated.status).toBe(201);
    const next = ((await rotated.json()) as { secret: string }).secret;
    expect((await send(sign(next, "msg_e2e_4", now, body), body)).status).toBe(200);
    expect((await send(sign(secret, "msg_e2e_5", now, body), body)).status).toBe(200);
    expect(await requests(agent)).toBe(3);
  });

  it("refuses forbidden targets with 400 naming the reason", async () => {
    for (const [url, reason] of [["https://10.0.0.1/hook", "private_address"], ["http://hooks.example.com/hook", "not_https"], ["https://[::ffff:127.0.0.1]/hook", "loopback_address"]]) {
      const res = await call(tenant.keys.operator, "/v2/webhooks/subscriptions", { url, events: ["decision.blocked"] });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { reason: string }).reason).toBe(reason);
    }
  });

  it("delivers after retries exactly once; dead-letters when the receiver is down; redelivers by hand", async () => {
    const livePort = await freePort();
    const live = await startReceiver(livePort, (n) => (n <= 2 ? 500 : 200));
    servers.push(live.server);
    const downPort = await freePort(); // nothing listens here yet
    const flaky = await subscribe(`http://127.0.0.1:${livePort}/hook`);
    const down = await subscribe(`http://127.0.0.1:${downPort}/hook`);

    const decided = await call(tenant.keys.agent, "/v2/evaluate", { agent_id: "e2e-agent", action: "rm -rf / --no-preserve-root", action_type: "code_execution" });
    expect(((await decided.json()) as { decision: string }).decision).toBe("BLOCK");

    // Delivered after two failures.
    expect(await until(async () => (await deliveries(flaky.id)).some((d) => d.status === "delivered"), 90_000)).toBe(true);
    const [delivered] = await deliveries(flaky.id);
    expect(delivered?.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(live.received.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(live.received.map((r) => r.id))).toEqual(new Set([delivered?.id]));
    expect(new Set(live.received.map((r) => r.body)).size).toBe(1);
    for (const r of live.received) expect(verifies(flaky.secret, r)).toBe(true);
    expect(verifies(down.secret, live.received[0] as Received)).toBe(false);
    const payload = JSON.parse(live.received[0]?.body ?? "{}") as { type: string; tenant: string; data: { agent_id: string; decision: string } };
    expect(payload).toMatchObject({ type: "decision.blocked", tenant: "hooks", data: { agent_id: "e2e-agent", decision: "BLOCK" } });
    expect(live.received[0]?.body).not.toContain("no-preserve-root");

    // Dead-lettered after 1 + MAX_RETRIES attempts, listed as such.
    const deadLettered = await until(async () => (await deliveries(down.id, "?status=dead_lettered")).length === 1, 120_000);
    expect(deadLettered, `${JSON.stringify(await deliveries(down.id))}\n${logs.slice(-3000)}`).toBe(true);
    const [dead] = await deliveries(down.id, "?status=dead_lettered");
    expect(dead?.attempt_count).toBe(1 + MAX_RETRIES);
    expect(dead?.attempts.every((a) => a.status_code === null && a.error === "connection_failed")).toBe(true);

    // Nothing more arrived at the live receiver meanwhile: accepted exactly once.
    expect(live.received.filter((r) => r.answered === 200)).toHaveLength(1);
    expect(live.received).toHaveLength(3);

    // The receiver comes up; a manual redelivery gets through with the same webhook-id.
    const revived = await startReceiver(downPort, () => 200);
    servers.push(revived.server);
    const redeliver = await call(tenant.keys.operator, `/v2/webhooks/subscriptions/${down.id}/deliveries/${dead?.id}/redeliver`, {});
    expect(redeliver.status).toBe(202);
    expect(await until(async () => (await deliveries(down.id)).some((d) => d.status === "delivered"), 60_000)).toBe(true);
    expect(revived.received.map((r) => r.id)).toEqual([dead?.id]);
    expect(verifies(down.secret, revived.received[0] as Received)).toBe(true);
    const [after] = await deliveries(down.id);
    expect(after?.attempts.at(-1)).toMatchObject({ status_code: 200, manual: true });
  }, 240_000);
});
