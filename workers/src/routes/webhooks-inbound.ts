/**
 * `POST /v2/webhooks/{source}?tenant=<tenant>`: an agent platform pushes an agent event, signed (Standard
 * Webhooks) with a secret of that tenant and source; the answer is the decision, as `POST /v2/evaluate`
 * gives it. No API key: the signature authenticates, so the route is mounted before `authenticate()`.
 * Order: unknown source 404 → address backed off 429 → not JSON 415 → too large 413 → signature (a missing
 * or unknown tenant, a missing header, a wrong secret, a stale timestamp, an altered body: one and the same
 * 401, counted as a failed authentication) → tenant limits 429 → malformed 400/422 → idempotency on
 * `webhook-id` (a replay — a signed timestamp already received under the id — 401, counted, nothing
 * evaluated; a retry of the same body signed anew: the first answer with `Idempotent-Replayed: true`;
 * another body under the same id: 409, nothing evaluated) → the decision.
 */
import { Hono } from "hono";
import { z } from "zod";
import { sha256Hex } from "@nethical/core";
import { isTenantId } from "@nethical/durable-objects/storage-keys";
import type { ClaimResult, StoredAnswer } from "@nethical/durable-objects/webhook-inbox/types";
import { BODY_LIMITS, parseJsonText, ProblemError, readBodyText, requireJsonMediaType } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { clientAddress, countAuthFailure, refuseIfBackedOff, withinRequestLimits } from "../auth/authenticate.ts";
import { evaluateOne } from "../decide/evaluate-one.ts";
import { callInbox } from "../webhooks/inbound/inbox-stub.ts";
import { INBOUND_SOURCES, isInboundSource, toEvaluateRequest } from "../webhooks/inbound/sources/index.ts";
import { verifyWebhook, webhookHeadersOf } from "../webhooks/inbound/verify.ts";
import { GenericToolCallEvent, OpenAiFunctionCall } from "../webhooks/inbound/views.ts";
import { EvaluateResponse, json } from "../openapi/components.ts";
import { describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { DECISION_HEADERS } from "./evaluate.ts";

/** The header marking an answer repeated from the first delivery of the same `webhook-id`. */
export const REPLAYED_HEADER = "idempotent-replayed";

/** The one answer to every authentication failure, so it never tells which part was wrong. */
export const INBOUND_UNAUTHORIZED_DETAIL = "the webhook signature could not be verified";

/** The answer to a replay: a valid delivery received again as it was (same id, same signed timestamp). */
export const INBOUND_REPLAYED_DETAIL =
  "this delivery was already received (same webhook-id and webhook-timestamp); nothing was evaluated — a sender's retry must be signed anew with a fresh timestamp";

const GENERIC_EXAMPLE = { type: "tool_call", agent_id: "support-bot-7", tool: { name: "run_shell", arguments: { cmd: "rm -rf / --no-preserve-root" } } };
const OPENAI_EXAMPLE = { agent_id: "support-bot-7", name: "send_email", arguments: '{"to":"ops@example.com","body":"weekly report"}' };

/** The route's description in the API document. */
export const inboundWebhookDocs = [
  describeRoute({
    method: "post",
    path: "/v2/webhooks/{source}",
    tag: "webhooks",
    summary: "Receive an agent event (inbound webhook)",
    description:
      "An agent platform pushes an agent event signed with Standard Webhooks; the answer is the decision, exactly as `POST /v2/evaluate` answers it (and audited the same way). `generic`: a tool-call event; `openai`: an OpenAI-style function call with `arguments` as a JSON string and `agent_id` in the signed body. A missing or unknown tenant, a missing header, a wrong secret, a timestamp more than 5 minutes off and an altered body all get the same 401, counted as failed authentications of the address. A delivery received again as it was (same `webhook-id` and `webhook-timestamp`, or an older timestamp than one already received under the id) is a replay: 401, counted, nothing evaluated. A sender's retry — the same `webhook-id` and body signed anew with a fresh timestamp, within 24 hours — gets the first answer again with `Idempotent-Replayed: true`, not a second decision; the same id with another body is 409 and nothing is evaluated. Body at most 256 KiB.",
    roles: "webhook-signature",
    request: {
      params: z.object({ source: z.enum(INBOUND_SOURCES) }),
      query: z.object({ tenant: z.string().describe("The tenant whose inbound secret signed the delivery") }),
      headers: z.object({
        "webhook-id": z.string().describe("Unique per event (1–128 visible ASCII characters); the idempotency key"),
        "webhook-timestamp": z.string().describe("Seconds since the epoch; at most 5 minutes off"),
        "webhook-signature": z.string().describe("`v1,<base64 HMAC-SHA256>` (space-separated when several)"),
      }),
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.union([GenericToolCallEvent, OpenAiFunctionCall]),
            examples: { generic: { summary: "generic: a tool call", value: GENERIC_EXAMPLE }, openai: { summary: "openai: a function call", value: OPENAI_EXAMPLE } },
          },
        },
      },
    },
    responses: {
      200: {
        description: "The decision (a retry of a delivery already decided: the first answer, with `Idempotent-Replayed: true`)",
        headers: { ...DECISION_HEADERS, [REPLAYED_HEADER]: { description: "`true` when this is the first answer repeated for a retry", schema: { type: "string" as const } } },
        ...json(EvaluateResponse),
      },
    },
    errors: ["unauthorized", "too-many-requests", "not-found", "conflict", "unavailable", ...JSON_BODY_ERRORS],
  }),
];

/**
 * The inbound webhook route.
 *
 * @example
 * app.route("/", inboundWebhookRoutes()); // before app.use("/v2/*", authenticate())
 */
export function inboundWebhookRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/v2/webhooks/:source", async (c) => {
    const source = c.req.param("source");
    if (!isInboundSource(source)) throw new ProblemError("not-found", `unknown webhook source; the sources are ${INBOUND_SOURCES.join(", ")}`);
    const client = clientAddress(c.req.raw);
    const now = Date.now();
    refuseIfBackedOff(client, now);
    requireJsonMediaType(c.req.raw);
    const text = await readBodyText(c.req.raw, BODY_LIMITS.evaluate);

    const tenant = c.req.query("tenant") ?? "";
    const headers = webhookHeadersOf(c.req.raw.headers);
    // An unknown tenant (404 from the residency lookup) has no secrets: the same 401 as every other failure.
    const secrets =
      headers !== null && isTenantId(tenant)
        ? await callInbox(c.env, tenant, (i) => i.verificationSecrets(tenant, source, now)).catch((error: unknown) => {
            if (error instanceof ProblemError && error.slug === "not-found") return [];
            throw error;
          })
        : [];
    if (headers === null || !verifyWebhook(text, headers, secrets)) {
      await countAuthFailure(c.env, client, now);
      throw new ProblemError("unauthorized", INBOUND_UNAUTHORIZED_DETAIL);
    }
    await withinRequestLimits(c.env, tenant, `webhook:${source}`);
    const request = toEvaluateRequest(source, parseJsonText(text));

    const id = headers["webhook-id"];
    const bodyHash = await sha256Hex(text);
    const signedAt = Number(headers["webhook-timestamp"]);
    const claim = (await callInbox(c.env, tenant, (i) => i.claim(tenant, source, id, bodyHash, signedAt, now) as Promise<unknown>)) as ClaimResult;
    if (claim.kind === "replayed") {
      await countAuthFailure(c.env, client, now);
      throw new ProblemError("unauthorized", INBOUND_REPLAYED_DETAIL);
    }
    if (claim.kind === "retry") return answerOf(claim.answer, { [REPLAYED_HEADER]: "true" });
    if (claim.kind === "mismatch") throw new ProblemError("conflict", "this webhook-id was already used with another body; nothing was evaluated");
    if (claim.kind === "in_progress") throw new ProblemError("conflict", "this webhook-id is being decided; retry shortly", {}, { "retry-after": "1" });

    let answer: StoredAnswer;
    try {
      const decided = await evaluateOne(c, tenant, request);
      answer = { status: 200, body: JSON.stringify(decided.body), headers: decided.headers };
    } catch (error) {
      await callInbox(c.env, tenant, (i) => i.release(tenant, source, id)).catch(() => undefined);
      throw error;
    }
    try {
      await callInbox(c.env, tenant, (i) => i.complete(tenant, source, id, answer));
    } catch {
      // The decision stands (it is recorded); a retry within 30 s gets 409, after that it is decided again.
      console.warn(JSON.stringify({ level: "warn", msg: "inbound webhook answer not kept for retries", tenant, source }));
    }
    return answerOf(answer, {});
  });
  return app;
}

function answerOf(answer: StoredAnswer, extra: Record<string, string>): Response {
  return new Response(answer.body, { status: answer.status, headers: { ...answer.headers, ...extra, "content-type": "application/json" } });
}

