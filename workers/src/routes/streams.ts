/**
 * Live streams. `POST /v2/streams/token` (API key; operator, auditor, admin: permission `streams:read`)
 * returns a single-use token valid for 60 s, bound to the caller's tenant, one stream and its filters.
 * `GET /v2/streams/decisions`, `/v2/streams/violations`, `/v2/streams/agents/{id}` with `Upgrade: websocket`
 * and the token (query `token`, or `Sec-WebSocket-Protocol: nethical-stream, <token>`) open the stream; the
 * token is checked by the tenant's StreamHub before anything is upgraded (401 problem+json otherwise). No
 * long-lived key ever travels in a URL. Protocol: README "Live streams".
 */
import { Hono } from "hono";
import { z } from "zod";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import { STREAM_SUBPROTOCOL, streamOfPath, streamTokenOf } from "@nethical/durable-objects/stream-hub/stream-path";
import { streamTokenTenant } from "@nethical/durable-objects/stream-hub/token-table";
import {
  DEFAULT_HEARTBEAT_SECONDS,
  DEFAULT_STREAM_BUFFER,
  DEFAULT_STREAM_WINDOW,
  MAX_HEARTBEAT_SECONDS,
  MAX_STREAM_BUFFER,
  MAX_STREAM_WINDOW,
  MIN_HEARTBEAT_SECONDS,
  STREAM_DECISIONS,
  type StreamBinding,
} from "@nethical/durable-objects/stream-hub/types";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { expectListeners, streamHubStub } from "../events/stream-sink.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

/** The token route (mounted behind authenticate()). */
export const STREAM_TOKEN_PATH = "/v2/streams/token";
const PERMISSION = "streams:read";
const TAG = "streams";

/** `POST /v2/streams/token` body. */
export const StreamTokenRequestSchema = z
  .object({
    stream: z
      .string()
      .regex(/^(decisions|violations|agents\/[^/]{1,256})$/, 'stream is "decisions", "violations" or "agents/<agent id>"')
      .describe('"decisions", "violations" (one message per violation) or "agents/<agent id>"'),
    filters: z
      .object({
        agent_id: z.array(z.string().min(1).max(256)).min(1).max(100).optional().describe("Only these agents"),
        decision: z.array(z.enum(STREAM_DECISIONS)).min(1).max(4).optional().describe("Only these decisions"),
        law: z.array(z.number().int().min(1).max(25)).min(1).max(25).optional().describe("Only violations of these laws (decisions: with at least one)"),
      })
      .strict()
      .optional(),
    window: z.number().int().min(1).max(MAX_STREAM_WINDOW).optional().describe(`Unacknowledged messages in flight (default ${DEFAULT_STREAM_WINDOW})`),
    buffer: z.number().int().min(0).max(MAX_STREAM_BUFFER).optional().describe(`Messages held beyond the window, oldest dropped first (default ${DEFAULT_STREAM_BUFFER})`),
    heartbeat_seconds: z.number().int().min(MIN_HEARTBEAT_SECONDS).max(MAX_HEARTBEAT_SECONDS).optional().describe(`Server heartbeat interval (default ${DEFAULT_HEARTBEAT_SECONDS})`),
  })
  .strict();

/** `POST /v2/streams/token` answer. */
export const StreamTokenSchema = z
  .object({
    token: z.string().describe("Single-use; valid until expires_at; opens only this stream"),
    expires_at: z.string().describe("ISO 8601"),
    url: z.string().describe("The stream's path with the token as `token` query parameter"),
    protocol: z.literal(STREAM_SUBPROTOCOL).describe("Subprotocol to name with the token in Sec-WebSocket-Protocol instead of the query"),
  })
  .strict();

const STREAM_DESCRIPTION =
  "Upgrade to a WebSocket with a stream token from POST /v2/streams/token, as query `token` or as `Sec-WebSocket-Protocol: nethical-stream, <token>`. Checked before the upgrade: a missing, unknown, used, expired or other stream's token is 401. Messages: `ready`, `decision`/`violation` (`seq`, `data`, `dropped` once any were dropped), `heartbeat`; the client sends `{\"type\":\"ack\",\"seq\":n}` (at most `window` unacknowledged; `buffer` more wait, oldest dropped) and may send `{\"type\":\"ping\"}` (answered `{\"type\":\"pong\"}`). README \"Live streams\".";

function streamDoc(path: string, summary: string, params?: z.ZodObject) {
  return describeRoute({
    method: "get",
    path,
    tag: TAG,
    summary,
    description: STREAM_DESCRIPTION,
    roles: "stream-token",
    request: { query: z.object({ token: z.string().optional().describe("The stream token (or send it as a subprotocol)") }), ...(params !== undefined ? { params } : {}) },
    responses: { 101: { description: "Switching to the WebSocket protocol" } },
    errors: ["validation-failed", "unauthorized", "too-many-requests", "unavailable"],
  });
}

/** The routes' descriptions in the API document. */
export const streamDocs = [
  describeRoute({
    method: "post",
    path: STREAM_TOKEN_PATH,
    tag: TAG,
    summary: "Issue a stream token",
    description: "A single-use token, valid for 60 s, for one live stream of the caller's tenant with its filters and limits.",
    roles: callersWith(PERMISSION),
    request: { body: { content: { "application/json": { schema: StreamTokenRequestSchema, example: { stream: "violations", filters: { law: [2] } } } }, required: true } },
    responses: { 201: { description: "The token", ...json(StreamTokenSchema) } },
    errors: JSON_BODY_ERRORS,
  }),
  streamDoc("/v2/streams/decisions", "Stream decisions (WebSocket)"),
  streamDoc("/v2/streams/violations", "Stream violations, one message each (WebSocket)"),
  streamDoc("/v2/streams/agents/{id}", "Stream one agent's decisions (WebSocket)", z.object({ id: z.string().describe("The agent id") })),
];

/**
 * The token route. Register it behind `authenticate()`.
 *
 * @example
 * app.use(STREAM_TOKEN_PATH, authenticate()); app.route("/", streamTokenRoutes());
 */
export function streamTokenRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(STREAM_TOKEN_PATH, async (c) => {
    const tenant = tenantFor(c, PERMISSION);
    const body = parseOrProblem(StreamTokenRequestSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the stream token request");
    // Agent-bound keys (agent_ids) are agent keys, which may not stream: every caller here sees all agents.
    const binding = bindingOf(body);
    const issued = await callDurableObject(streamHubStub(c.env, tenant).issueToken(tenant, binding, Date.now()), "StreamHub", DO_TIMEOUT_MS, "the stream hub could not be reached; try again");
    expectListeners(tenant);
    const path = binding.kind === "agent" ? `/v2/streams/agents/${encodeURIComponent(binding.agent ?? "")}` : `/v2/streams/${binding.kind}`;
    return c.json({ token: issued.token, expires_at: new Date(issued.expires_at).toISOString(), url: `${path}?token=${issued.token}`, protocol: STREAM_SUBPROTOCOL }, 201, { "cache-control": "no-store" });
  });
  return app;
}

/**
 * The stream routes. Register them before the API-key middleware: the stream token authenticates.
 *
 * @example
 * app.route("/", streamRoutes());
 */
export function streamRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const open = async (c: import("hono").Context<AppEnv>): Promise<Response> => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ProblemError("validation-failed", "streams are WebSocket endpoints: send Upgrade: websocket with a stream token");
    }
    const carried = streamTokenOf(c.req.raw);
    if (carried === null) throw new ProblemError("unauthorized", "send a stream token (POST /v2/streams/token) as query 'token' or as Sec-WebSocket-Protocol: nethical-stream, <token>");
    const tenant = streamTokenTenant(carried.token);
    if (tenant === null || streamOfPath(new URL(c.req.url).pathname) === null) throw new ProblemError("unauthorized", "the stream token is not valid");
    const response = await callDurableObject(streamHubStub(c.env, tenant).fetch(c.req.raw), "StreamHub", DO_TIMEOUT_MS, "the stream hub could not be reached; try again");
    if (response.webSocket === null) {
      const reason = ((await response.json().catch(() => ({}))) as { reason?: string }).reason;
      if (response.status === 429) throw new ProblemError("too-many-requests", "the tenant has too many open streams");
      throw new ProblemError("unauthorized", REFUSALS[reason ?? ""] ?? "the stream token is not valid");
    }
    return new Response(null, { status: 101, webSocket: response.webSocket, headers: new Headers(response.headers) });
  };
  app.get("/v2/streams/decisions", open);
  app.get("/v2/streams/violations", open);
  app.get("/v2/streams/agents/:id", open);
  return app;
}

const REFUSALS: Record<string, string> = {
  unknown: "the stream token is not valid or was used already (tokens are single-use)",
  expired: "the stream token has expired (tokens are valid for 60 s)",
  other_stream: "the stream token was issued for another stream",
};

function bindingOf(body: z.output<typeof StreamTokenRequestSchema>): StreamBinding {
  const agent = body.stream.startsWith("agents/") ? body.stream.slice("agents/".length) : undefined;
  return {
    kind: agent !== undefined ? "agent" : (body.stream as "decisions" | "violations"),
    ...(agent !== undefined ? { agent } : {}),
    ...body.filters,
    window: body.window ?? DEFAULT_STREAM_WINDOW,
    buffer: body.buffer ?? DEFAULT_STREAM_BUFFER,
    heartbeat_seconds: body.heartbeat_seconds ?? DEFAULT_HEARTBEAT_SECONDS,
  };
}
