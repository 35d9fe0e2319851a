/**
 * StreamHub Durable Object, one per tenant (name: the tenant id): the tenant's live streams
 * (GET /v2/streams/…). Stream tokens are issued and consumed here; upgrades are accepted with the
 * Hibernation API, so an idle hub costs nothing while its sockets stay open. Decided events arrive through
 * `publish` (from the Worker's decision fan-out, in `waitUntil`): each connection's filters pick the messages
 * and its flow control (flow-control.ts) sends within the client's window, buffers a bounded number beyond
 * it and drops the oldest. `publish` never waits for a reader. Heartbeats come from an alarm; client pings
 * are answered by the runtime without waking the hub.
 */
import { DurableObject } from "cloudflare:workers";
import { PING_TEXT, PONG_TEXT } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";
import { FlowControl, initialFlowState, type FlowState } from "./flow-control.ts";
import { streamMessages } from "./match.ts";
import { STREAM_SUBPROTOCOL, streamOfPath, streamTokenOf } from "./stream-path.ts";
import { consumeStreamToken, ensureStreamTables, hasStreamTables, issueStreamToken, streamTokenTenant } from "./token-table.ts";
import { MAX_STREAMS_PER_TENANT, StreamBindingSchema, type StreamBinding, type StreamConnectionStats, type StreamDecision } from "./types.ts";

/** What each socket carries through hibernation (≤ 2 KiB): its id, flow counters and heartbeat clock. */
interface Attachment {
  id: string;
  flow: FlowState;
  heartbeats: number;
  next_heartbeat_at: number;
}

interface Connection {
  ws: WebSocket;
  binding: StreamBinding;
  flow: FlowControl;
  attachment: Attachment;
}

/** Close codes: 1003 binary frame, 1008 a message that is not a valid ack. */
export const STREAM_CLOSE_UNSUPPORTED = 1003;
export const STREAM_CLOSE_PROTOCOL = 1008;

export class StreamHub extends DurableObject<Env> {
  /** Open connections by id; rebuilt from the sockets' attachments after the hub wakes. */
  #connections: Map<string, Connection> | null = null;
  #tenant: string | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_TEXT, PONG_TEXT));
  }

  /**
   * A single-use token for `binding`, valid for 60 s.
   *
   * @example
   * const { token, expires_at } = await stub.issueToken("acme", { kind: "decisions", window: 64, buffer: 256, heartbeat_seconds: 30 }, Date.now());
   */
  async issueToken(tenant: string, binding: StreamBinding, now: number): Promise<{ token: string; expires_at: number }> {
    this.#checkTenant(tenant);
    this.#purgeStaleConnections();
    return issueStreamToken(this.ctx.storage.sql, tenant, StreamBindingSchema.parse(binding), now);
  }

  /**
   * Hand decided events to the open streams; resolves to how many streams are open (0: nobody listens,
   * and the caller may skip the next publishes for a while). Never waits for a reader.
   *
   * @example
   * const open = await stub.publish("acme", [decisionView]);
   */
  publish(tenant: string, events: readonly StreamDecision[]): number {
    if (this.ctx.getWebSockets().length === 0) return 0;
    this.#checkTenant(tenant);
    const connections = this.#open();
    for (const connection of connections.values()) {
      let pushed = false;
      for (const event of events) {
        for (const message of streamMessages(connection.binding, event)) {
          connection.flow.push(message.type, message.data);
          pushed = true;
        }
      }
      if (pushed) this.#save(connection);
    }
    return connections.size;
  }

  /**
   * Each open stream's counters (operations and tests).
   *
   * @example
   * (await stub.streams("acme"))[0].dropped; // 12
   */
  streams(tenant: string): StreamConnectionStats[] {
    this.#checkTenant(tenant);
    return [...this.#open().values()].map((c) => ({
      kind: c.binding.kind,
      seq: c.flow.seq,
      in_flight: c.flow.inFlight,
      queued: c.flow.queued,
      dropped: c.flow.dropped,
      heartbeats: c.attachment.heartbeats,
    }));
  }

  /** Upgrades forwarded by the Worker: the token is consumed here, before anything is accepted. */
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const stream = streamOfPath(url.pathname);
    const carried = streamTokenOf(request);
    if (stream === null || carried === null) return refusal(401, "unknown");
    // A hub that never issued a token has no tables: a made-up token writes nothing.
    const tenant = streamTokenTenant(carried.token);
    if (tenant === null || !hasStreamTables(this.ctx.storage.sql)) return refusal(401, "unknown");
    if (this.ctx.getWebSockets().length >= MAX_STREAMS_PER_TENANT) return refusal(429, "too_many_streams");
    const now = Date.now();
    const check = await consumeStreamToken(this.ctx.storage.sql, carried.token, stream, now);
    if (!check.ok) return refusal(401, check.reason);
    this.#checkTenant(tenant);

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    const attachment: Attachment = { id: crypto.randomUUID(), flow: initialFlowState(), heartbeats: 0, next_heartbeat_at: now + check.binding.heartbeat_seconds * 1000 };
    this.ctx.storage.sql.exec("INSERT INTO stream_connections (id, binding) VALUES (?, ?)", attachment.id, JSON.stringify(check.binding));
    const connections = this.#open();
    const connection = this.#connect(server, check.binding, attachment);
    connections.set(attachment.id, connection);
    server.send(JSON.stringify({ type: "ready", ...readyOf(check.binding) }));
    this.#save(connection);
    await this.#scheduleHeartbeat(attachment.next_heartbeat_at);
    const headers = carried.subprotocol ? { "sec-websocket-protocol": STREAM_SUBPROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const connection = this.#connectionOf(ws);
    if (connection === undefined) return closeQuietly(ws, STREAM_CLOSE_PROTOCOL, "unknown stream");
    if (typeof message !== "string") return closeQuietly(ws, STREAM_CLOSE_UNSUPPORTED, "text messages only");
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return this.#drop(connection, STREAM_CLOSE_PROTOCOL, "messages are JSON");
    }
    const ack = parsed as { type?: unknown; seq?: unknown };
    if (ack.type !== "ack" || typeof ack.seq !== "number") return this.#drop(connection, STREAM_CLOSE_PROTOCOL, 'send {"type":"ack","seq":n} or {"type":"ping"}');
    if (!connection.flow.ack(ack.seq)) return this.#drop(connection, STREAM_CLOSE_PROTOCOL, "ack of a seq never sent");
    this.#save(connection);
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    const connection = this.#connectionOf(ws);
    if (connection !== undefined) this.#forget(connection);
    closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
  }

  override webSocketError(ws: WebSocket): void {
    const connection = this.#connectionOf(ws);
    if (connection !== undefined) this.#forget(connection);
  }

  /** Heartbeats: each due connection gets `{"type":"heartbeat","count",...}`; the next alarm is the earliest due. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const connection of this.#open().values()) {
      const a = connection.attachment;
      if (a.next_heartbeat_at <= now + 20) {
        a.heartbeats += 1;
        a.next_heartbeat_at = now + connection.binding.heartbeat_seconds * 1000;
        sendQuietly(connection.ws, JSON.stringify({ type: "heartbeat", count: a.heartbeats, seq: connection.flow.seq, dropped: connection.flow.dropped, in_flight: connection.flow.inFlight, queued: connection.flow.queued }));
        this.#save(connection);
      }
      next = Math.min(next, a.next_heartbeat_at);
    }
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
  }

  #connectionOf(ws: WebSocket): Connection | undefined {
    const id = (ws.deserializeAttachment() as Attachment | null)?.id;
    return id === undefined ? undefined : this.#open().get(id);
  }

  /** The open connections, rebuilt from the sockets' attachments and the bindings table after a wake. */
  #open(): Map<string, Connection> {
    if (this.#connections !== null) return this.#connections;
    const connections = new Map<string, Connection>();
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = ws.deserializeAttachment() as Attachment | null;
      if (attachment === null) continue;
      const row = this.ctx.storage.sql.exec<{ binding: string }>("SELECT binding FROM stream_connections WHERE id = ?", attachment.id).toArray()[0];
      if (row === undefined) {
        closeQuietly(ws, STREAM_CLOSE_PROTOCOL, "unknown stream");
        continue;
      }
      connections.set(attachment.id, this.#connect(ws, StreamBindingSchema.parse(JSON.parse(row.binding)), attachment));
    }
    this.#connections = connections;
    return connections;
  }

  #connect(ws: WebSocket, binding: StreamBinding, attachment: Attachment): Connection {
    const flow = new FlowControl({ window: binding.window, buffer: binding.buffer }, attachment.flow, (text) => sendQuietly(ws, text));
    return { ws, binding, flow, attachment };
  }

  #save(connection: Connection): void {
    connection.attachment.flow = connection.flow.snapshot();
    try {
      connection.ws.serializeAttachment(connection.attachment);
    } catch {
      // the socket is closing; webSocketClose forgets it
    }
  }

  #forget(connection: Connection): void {
    this.#open().delete(connection.attachment.id);
    this.ctx.storage.sql.exec("DELETE FROM stream_connections WHERE id = ?", connection.attachment.id);
  }

  #drop(connection: Connection, code: number, reason: string): void {
    this.#forget(connection);
    closeQuietly(connection.ws, code, reason);
  }

  /** Bindings of connections that no longer have a socket (closed while the hub was not running). */
  #purgeStaleConnections(): void {
    const open = new Set(this.ctx.getWebSockets().map((ws) => (ws.deserializeAttachment() as Attachment | null)?.id));
    for (const row of this.ctx.storage.sql.exec<{ id: string }>("SELECT id FROM stream_connections").toArray()) {
      if (!open.has(row.id)) this.ctx.storage.sql.exec("DELETE FROM stream_connections WHERE id = ?", row.id);
    }
  }

  async #scheduleHeartbeat(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** The hub serves one tenant: the first caller's; any other is a wrong address. */
  #checkTenant(tenant: string): void {
    if (this.#tenant === null) {
      const sql = this.ctx.storage.sql;
      ensureStreamTables(sql);
      const row = sql.exec<{ value: string }>("SELECT value FROM stream_meta WHERE key = 'tenant'").toArray()[0];
      if (row === undefined) sql.exec("INSERT INTO stream_meta (key, value) VALUES ('tenant', ?)", tenant);
      this.#tenant = row?.value ?? tenant;
    }
    if (this.#tenant !== tenant) throw new DurableObjectError("wrong_object", "this StreamHub serves another tenant");
  }
}

/** The `ready` message's description of the stream. */
function readyOf(binding: StreamBinding): Record<string, unknown> {
  const { kind, agent, agent_id, decision, law, window, buffer, heartbeat_seconds } = binding;
  return {
    stream: kind === "agent" ? "agents" : kind,
    ...(agent !== undefined ? { agent_id: agent } : {}),
    filters: { ...(agent_id !== undefined ? { agent_id } : {}), ...(decision !== undefined ? { decision } : {}), ...(law !== undefined ? { law } : {}) },
    window,
    buffer,
    heartbeat_seconds,
  };
}

function refusal(status: 401 | 429, reason: string): Response {
  return Response.json({ reason }, { status });
}

function sendQuietly(ws: WebSocket, text: string): void {
  try {
    ws.send(text);
  } catch {
    // closing: webSocketClose forgets it
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}
