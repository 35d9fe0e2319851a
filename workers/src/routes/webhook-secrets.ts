/**
 * Inbound webhook signing secrets, per source, within the caller's own tenant (operator and admin;
 * permission `webhooks:inbound-secrets`). A secret's value is shown only when it is created or rotated in:
 * `POST /v2/webhooks/{source}/secrets` → 201 (the first secret; 409 when there is one: rotate),
 * `POST /v2/webhooks/{source}/secrets/rotate` → 201 with a new secret, the current one valid for another
 * 24 hours (two valid at once; 409 when two are valid already or there is none),
 * `GET /v2/webhooks/{source}/secrets` (ids, created, expires; never values),
 * `DELETE /v2/webhooks/{source}/secrets/{id}` → 204 (retired now).
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { CreateInboundSecretResult, InboundSecretCreated, RotateInboundSecretResult } from "@nethical/durable-objects/webhook-inbox/types";
import { ProblemError } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";
import { callInbox } from "../webhooks/inbound/inbox-stub.ts";
import { INBOUND_SOURCES, isInboundSource, type InboundSource } from "../webhooks/inbound/sources/index.ts";
import { InboundWebhookSecret, InboundWebhookSecretWithValue } from "../webhooks/inbound/views.ts";

const SECRETS_PATH = "/v2/webhooks/:source/secrets";
const SECRET_ID_PATTERN = /^whk_[0-9a-f]{32}$/;
const PERMISSION = "webhooks:inbound-secrets";
const TAG = "webhooks";

const SourceParams = z.object({ source: z.enum(INBOUND_SOURCES) });
const SecretParams = SourceParams.extend({ id: z.string().describe("`whk_…`") });

/** The routes' descriptions in the API document. */
export const webhookSecretDocs = [
  describeRoute({
    method: "post",
    path: "/v2/webhooks/{source}/secrets",
    tag: TAG,
    summary: "Create an inbound signing secret",
    description: "The source's first signing secret; its value is in this answer only. 409 when the source has one already (rotate it).",
    roles: callersWith(PERMISSION),
    request: { params: SourceParams },
    responses: { 201: { description: "The secret, with its value (shown once)", ...json(InboundWebhookSecretWithValue) } },
    errors: ["not-found", "conflict"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/webhooks/{source}/secrets/rotate",
    tag: TAG,
    summary: "Rotate the inbound signing secret",
    description: "A new secret (value in this answer only); the current one keeps verifying for 24 hours or until retired, so both are valid while the sender switches. 409 when there is no secret, or two are valid already (retire the previous one first).",
    roles: callersWith(PERMISSION),
    request: { params: SourceParams },
    responses: { 201: { description: "The new secret, with its value (shown once)", ...json(InboundWebhookSecretWithValue) } },
    errors: ["not-found", "conflict"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/webhooks/{source}/secrets",
    tag: TAG,
    summary: "List inbound signing secrets",
    description: "The source's valid secrets, newest first: ids, creation and expiry, never values.",
    roles: callersWith(PERMISSION),
    request: { params: SourceParams },
    responses: { 200: { description: "The secrets", ...json(z.object({ secrets: z.array(InboundWebhookSecret) }).strict()) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "delete",
    path: "/v2/webhooks/{source}/secrets/{id}",
    tag: TAG,
    summary: "Retire an inbound signing secret",
    description: "The secret stops verifying now.",
    roles: callersWith(PERMISSION),
    request: { params: SecretParams },
    responses: { 204: { description: "Retired" } },
    errors: ["not-found"],
  }),
];

/**
 * The secret routes (behind `authenticate()`).
 *
 * @example
 * app.route("/", webhookSecretRoutes());
 */
export function webhookSecretRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(SECRETS_PATH, async (c) => {
    const tenant = tenantFor(c, PERMISSION);
    const source = sourceParam(c);
    const created = (await callInbox(c.env, tenant, (i) => i.createSecret(tenant, source, Date.now()) as Promise<unknown>)) as CreateInboundSecretResult;
    if (!created.ok) throw new ProblemError("conflict", created.message);
    return withValue(c, created);
  });

  app.post(`${SECRETS_PATH}/rotate`, async (c) => {
    const tenant = tenantFor(c, PERMISSION);
    const source = sourceParam(c);
    const rotated = (await callInbox(c.env, tenant, (i) => i.rotateSecret(tenant, source, Date.now()) as Promise<unknown>)) as RotateInboundSecretResult;
    if (!rotated.ok) throw new ProblemError("conflict", rotated.message);
    return withValue(c, rotated);
  });

  app.get(SECRETS_PATH, async (c) => {
    const tenant = tenantFor(c, PERMISSION);
    const source = sourceParam(c);
    const secrets = await callInbox(c.env, tenant, (i) => i.listSecrets(tenant, source, Date.now()));
    return c.json({ secrets }, 200, { "cache-control": "no-store" });
  });

  app.delete(`${SECRETS_PATH}/:id`, async (c) => {
    const tenant = tenantFor(c, PERMISSION);
    const source = sourceParam(c);
    const id = c.req.param("id");
    const retired = SECRET_ID_PATTERN.test(id) && (await callInbox(c.env, tenant, (i) => i.retireSecret(tenant, source, id)));
    if (!retired) throw new ProblemError("not-found", "this source has no secret with that id");
    return c.body(null, 204, { "cache-control": "no-store" });
  });

  return app;
}

function sourceParam(c: Context<AppEnv>): InboundSource {
  const source = c.req.param("source") ?? "";
  if (!isInboundSource(source)) throw new ProblemError("not-found", `unknown webhook source; the sources are ${INBOUND_SOURCES.join(", ")}`);
  return source;
}

function withValue(c: Context<AppEnv>, created: InboundSecretCreated): Response {
  return c.json({ ...created.view, secret: created.secret }, 201, { "cache-control": "no-store" });
}
