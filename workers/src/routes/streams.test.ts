/**
 * Live streams end to end in workerd: stream tokens (roles, single use, expiry, other stream, other
 * tenant) checked before any upgrade; decisions, violations and one agent's decisions arriving through the
 * decision fan-out with filters applied; heartbeats and pings; a reader that never acknowledges gets a
 * bounded buffer and `dropped`; another tenant's stream sees nothing.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { streamHubName } from "@nethical/durable-objects/stream-hub/name";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { action, api, createTenant, evaluate, killSwitchPolicy, ORIGIN, setPolicy, type TestTenant } from "../testing/api.ts";

interface StreamMessage {
  type: string;
  seq?: number;
  dropped?: number;
  count?: number;
  data?: Record<string, unknown> & { agent_id?: string; decision?: string; violation?: { law: number } };
  [k: string]: unknown;
}

/** A stream client: collects messages; `next()` waits for one (at most ~5 s). */
class StreamClient {
  readonly inbox: StreamMessage[] = [];
  readonly ws: WebSocket;
  #waiters: (() => void)[] = [];
  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.accept();
    ws.addEventListener("message", (e) => {
      this.inbox.push(JSON.parse(String(e.data)) as StreamMessage);
      for (const w of this.#waiters.splice(0)) w();
    });
  }
  async next(): Promise<StreamMessage> {
    for (let i = 0; i < 200 && this.inbox.length === 0; i++) {
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 25);
      });
    }
    const message = this.inbox.shift();
    if (message === undefined) throw new Error("no message from the stream");
    return message;
  }
  /** The next message that is not a heartbeat. */
  async nextEvent(): Promise<StreamMessage> {
    for (;;) {
      const m = await this.next();
      if (m.type !== "heartbeat") return m;
    }
  }
  ack(seq: number): void {
    this.ws.send(JSON.stringify({ type: "ack", seq }));
  }
}

async function issueToken(key: string, body: unknown): Promise<{ token: string; url: string; expires_at: string; protocol: string }> {
  const res = await api("/v2/streams/token", { key, json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: string; url: string; expires_at: string; protocol: string };
}

function upgrade(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { upgrade: "websocket", ...headers } }));
}

async function open(key: string, body: unknown): Promise<StreamClient> {
  const { url } = await issueToken(key, body);
  const res = await upgrade(url);
  expect(res.status).toBe(101);
  if (res.webSocket === null) throw new Error("no WebSocket");
  const client = new StreamClient(res.webSocket);
  expect((await client.next()).type).toBe("ready");
  return client;
}

async function expectRefused(res: Response, status = 401): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.webSocket).toBeNull();
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  await res.body?.cancel();
}

function hub(tenant: string) {
  return env.STREAM_HUB.get(env.STREAM_HUB.idFromName(streamHubName(tenant)));
}

/** Poll the hub until `check` holds for its first stream (decisions arrive through waitUntil). */
async function untilStats(tenant: string, check: (s: { seq: number; queued: number; dropped: number; in_flight: number }) => boolean) {
  for (let i = 0; i < 200; i++) {
    const stats = (await hub(tenant).streams(tenant))[0];
    if (stats !== undefined && check(stats)) return stats;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the stream never reached the expected state");
}

let t: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTenant("streams");
  other = await createTenant("streams-other");
  await setPolicy(t.keys.operator, killSwitchPolicy());
  await setPolicy(other.keys.operator, killSwitchPolicy());
});

describe("stream tokens", () => {
  it("are issued to operator, auditor and admin keys only, for a valid stream", async () => {
    for (const role of ["operator", "auditor", "admin"] as const) {
      const issued = await issueToken(t.keys[role], { stream: "decisions" });
      expect(issued.token).toMatch(new RegExp(`^nst\\.${t.tenant}\\.[0-9a-f]{64}$`));
      expect(issued.url).toBe(`/v2/streams/decisions?token=${issued.token}`);
      expect(issued.protocol).toBe("nethical-stream");
    }
    expect((await api("/v2/streams/token", { key: t.keys.agent, json: { stream: "decisions" } })).status).toBe(403);
    expect((await api("/v2/streams/token", { json: { stream: "decisions" } })).status).toBe(401);
    for (const bad of [{ stream: "everything" }, { stream: "decisions", filters: { decision: ["MAYBE"] } }, { stream: "decisions", window: 0 }, { stream: "decisions", extra: 1 }, { stream: "agents/" }]) {
      const res = await api("/v2/streams/token", { key: t.keys.auditor, json: bad });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("refuses before the upgrade: no token, made up, reused, expired, another stream's, another tenant's", async () => {
    await expectRefused(await upgrade("/v2/streams/decisions"));
    await expectRefused(await upgrade(`/v2/streams/decisions?token=nst.${t.tenant}.${"0".repeat(64)}`));
    await expectRefused(await upgrade("/v2/streams/decisions?token=not-a-token"));

    const once = await issueToken(t.keys.auditor, { stream: "decisions" });
    const first = await upgrade(once.url);
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    first.webSocket?.close(1000, "done");
    await expectRefused(await upgrade(once.url));

    const expired = await hub(t.tenant).issueToken(t.tenant, { kind: "decisions", window: 4, buffer: 4, heartbeat_seconds: 30 }, Date.now() - 61_000);
    await expectRefused(await upgrade(`/v2/streams/decisions?token=${expired.token}`));

    const violations = await issueToken(t.keys.auditor, { stream: "violations" });
    await expectRefused(await upgrade(`/v2/streams/decisions?token=${violations.token}`));
    const agent = await issueToken(t.keys.auditor, { stream: "agents/a-1" });
    await expectRefused(await upgrade(`/v2/streams/agents/a-2?token=${agent.token}`));

    // Another tenant's secret part under this tenant's name: this tenant's hub never issued it.
    const theirs = await issueToken(other.keys.auditor, { stream: "decisions" });
    const forged = theirs.token.replace(`nst.${other.tenant}.`, `nst.${t.tenant}.`);
    await expectRefused(await upgrade(`/v2/streams/decisions?token=${forged}`));

    const plain = await exports.default.fetch(new Request(`${ORIGIN}/v2/streams/decisions?token=${theirs.token}`));
    await expectRefused(plain, 422);
  });

  it("may travel as a subprotocol instead of the query", async () => {
    const { token } = await issueToken(t.keys.auditor, { stream: "decisions" });
    const res = await upgrade("/v2/streams/decisions", { "sec-websocket-protocol": `nethical-stream, ${token}` });
    expect(res.status).toBe(101);
    expect(res.headers.get("sec-websocket-protocol")).toBe("nethical-stream");
    const client = new StreamClient(res.webSocket as WebSocket);
    expect(await client.next()).toMatchObject({ type: "ready", stream: "decisions", window: 64, buffer: 256, heartbeat_seconds: 30 });
    client.ws.close(1000, "done");
  });
});

describe("streams", () => {
  it("decisions arrive with the agent and decision filters applied", async () => {
    const client = await open(t.keys.auditor, { stream: "decisions", filters: { agent_id: ["f-1"], decision: ["BLOCK"] } });
    await evaluate(t.keys.agent, action("f-1"));
    await evaluate(t.keys.agent, action("f-2", { context: { block: true } }));
    const blocked = await evaluate(t.keys.agent, action("f-1", { context: { block: true } }));
    const first = await client.nextEvent();
    expect(first).toMatchObject({ type: "decision", seq: 1, data: { agent_id: "f-1", decision: "BLOCK", decision_id: blocked.body.decision_id } });
    expect(first.dropped).toBeUndefined();
    expect(first.data?.request_hash).toMatch(/^[0-9a-f]{64}$/);
    client.ack(1);
    const marker = await evaluate(t.keys.agent, action("f-1", { context: { block: true } }));
    expect(await client.nextEvent()).toMatchObject({ seq: 2, data: { decision_id: marker.body.decision_id } });
    client.ws.close(1000, "done");
  });

  it("violations: one message per violation, the law filter applied, spans and never the raw text", async () => {
    const secret = "mail alice@example.com or bob@example.org, ssn 078-05-1120";
    const probe = await open(t.keys.auditor, { stream: "violations", filters: { agent_id: ["v-0"] } });
    await evaluate(t.keys.agent, action("v-0", { action: secret }));
    const all: StreamMessage[] = [];
    all.push(await probe.nextEvent());
    while (probe.inbox.length > 0 || all.length < 2) {
      const m = await probe.next().catch(() => null);
      if (m === null) break;
      if (m.type !== "heartbeat") all.push(m);
    }
    probe.ws.close(1000, "done");
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all.map((m) => m.data?.event_id)).size).toBe(1);
    expect(all.every((m) => m.type === "violation")).toBe(true);
    expect(JSON.stringify(all)).not.toContain("alice@example.com");
    expect(JSON.stringify(all)).not.toContain("078-05-1120");

    const law = (all[0]?.data?.violation as { law: number }).law;
    const expected = all.filter((m) => m.data?.violation?.law === law).length;
    const filtered = await open(t.keys.auditor, { stream: "violations", filters: { agent_id: ["v-1"], law: [law] } });
    await evaluate(t.keys.agent, action("v-1", { action: secret }));
    await evaluate(t.keys.agent, action("v-1", { context: { block: true } }));
    const got: StreamMessage[] = [];
    for (let i = 0; i < expected; i++) got.push(await filtered.nextEvent());
    expect(got.every((m) => m.data?.violation?.law === law && m.data?.agent_id === "v-1")).toBe(true);
    filtered.ack(expected);
    const marker = await evaluate(t.keys.agent, action("v-1", { action: secret }));
    expect((await filtered.nextEvent()).data?.decision_id).toBe(marker.body.decision_id);
    filtered.ws.close(1000, "done");
  });

  it("decisions uploaded from a device are streamed too, once (a retried upload adds nothing)", async () => {
    const client = await open(t.keys.auditor, { stream: "decisions", filters: { agent_id: ["dev-agent"] } });
    const events = [0, 1].map((i) => sampleAuditEvent(i, { tenant: t.tenant, agent_id: "dev-agent", source: "device", device_id: "forklift-9" }));
    expect((await api("/v2/audit/ingest", { key: t.keys.operator, json: { events } })).status).toBe(200);
    expect((await api("/v2/audit/ingest", { key: t.keys.operator, json: { events } })).status).toBe(200);
    const got = [await client.nextEvent(), await client.nextEvent()];
    expect(got.map((m) => [m.seq, m.data?.event_id, m.data?.source, m.data?.device_id])).toEqual(events.map((e, i) => [i + 1, e.event_id, "device", "forklift-9"]));
    client.ack(2);
    const marker = await evaluate(t.keys.agent, action("dev-agent"));
    expect(await client.nextEvent()).toMatchObject({ seq: 3, data: { decision_id: marker.body.decision_id } });
    client.ws.close(1000, "done");
  });

  it("agents/{id}: only that agent's decisions", async () => {
    const client = await open(t.keys.operator, { stream: "agents/ag-1" });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    await evaluate(t.keys.agent, action("ag-2"));
    const mine = await evaluate(t.keys.agent, action("ag-1"));
    await evaluate(t.keys.agent, action("ag-2", { context: { block: true } }));
    const again = await evaluate(t.keys.agent, action("ag-1", { context: { kill: true } }));
    expect(await client.nextEvent()).toMatchObject({ seq: 1, data: { agent_id: "ag-1", decision_id: mine.body.decision_id, decision: "ALLOW" } });
    expect(await client.nextEvent()).toMatchObject({ seq: 2, data: { agent_id: "ag-1", decision_id: again.body.decision_id, decision: "TERMINATE" } });
    client.ws.close(1000, "done");
  });

  it("heartbeats count up on the alarm; pings are answered", async () => {
    const client = await open(t.keys.auditor, { stream: "agents/hb-1", heartbeat_seconds: 1 });
    client.ws.send('{"type":"ping"}');
    expect(await client.next()).toEqual({ type: "pong" });
    const first = await client.next();
    expect(first).toMatchObject({ type: "heartbeat", count: 1, seq: 0, dropped: 0 });
    expect(await client.next()).toMatchObject({ type: "heartbeat", count: 2 });
    client.ws.close(1000, "done");
  });

  it("a reader that never acknowledges: at most window + buffer held, the oldest dropped and counted", async () => {
    const tenant = await createTenant("streams-slow");
    await setPolicy(tenant.keys.operator, killSwitchPolicy());
    const client = await open(tenant.keys.auditor, { stream: "decisions", window: 2, buffer: 3 });
    for (let i = 0; i < 10; i++) await evaluate(tenant.keys.agent, action(`slow-${i}`));
    const stats = await untilStats(tenant.tenant, (s) => s.seq === 10);
    expect(stats).toMatchObject({ in_flight: 2, queued: 3, dropped: 5 });
    expect(client.inbox.splice(0).filter((m) => m.type === "decision").map((m) => m.seq)).toEqual([1, 2]);
    client.ack(2);
    const resumed = [await client.nextEvent(), await client.nextEvent()];
    expect(resumed.map((m) => [m.seq, m.dropped])).toEqual([
      [8, 5],
      [9, 5],
    ]);
    client.ack(9);
    expect(await client.nextEvent()).toMatchObject({ seq: 10, dropped: 5 });
    // An ack of a seq never sent is a protocol error: closed 1008.
    const closed = new Promise<number>((resolve) => client.ws.addEventListener("close", (e) => resolve(e.code)));
    client.ack(99);
    expect(await closed).toBe(1008);
  });

  it("another tenant's stream sees nothing of this tenant", async () => {
    const theirs = await open(other.keys.admin, { stream: "decisions" });
    const ours = await open(t.keys.admin, { stream: "decisions", filters: { agent_id: ["iso-1"] } });
    const decided = await evaluate(t.keys.agent, action("iso-1", { context: { block: true } }));
    expect((await ours.nextEvent()).data?.decision_id).toBe(decided.body.decision_id);
    const own = await evaluate(other.keys.agent, action("iso-other"));
    const first = await theirs.nextEvent();
    expect(first.data).toMatchObject({ agent_id: "iso-other", decision_id: own.body.decision_id });
    expect(first.seq).toBe(1);
    expect(JSON.stringify(theirs.inbox)).not.toContain(decided.body.decision_id);
    theirs.ws.close(1000, "done");
    ours.ws.close(1000, "done");
  });
});
