/**
 * Outbound webhook subscriptions, within the caller's own tenant (operator and admin write; auditor,
 * operator and admin read; secrets are shown only when created or rotated, never in reads):
 * `POST /v2/webhooks/subscriptions` `{"url", "events", "description"?}` → 201 with the `whsec_` secret,
 * `GET /v2/webhooks/subscriptions`, `GET|DELETE /v2/webhooks/subscriptions/{id}`,
 * `POST /v2/webhooks/subscriptions/{id}/rotate-secret` (the previous secret keeps signing for a day),
 * `GET /v2/webhooks/subscriptions/{id}/deliveries?limit=&status=` (the delivery log, newest first),
 * `POST /v2/webhooks/subscriptions/{id}/deliveries/{delivery_id}/redeliver` → 202.
 * A target that may not receive webhooks (workers/src/webhooks/target.ts) → 400 `forbidden-target` with
 * `reason`.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { CreateSubscriptionResult } from "@nethical/durable-objects";
import { WEBHOOK_EVENT_TYPES } from "@nethical/durable-objects/webhook-outbox/types";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { callOutbox } from "../webhooks/outbox-stub.ts";
import { checkWebhookTarget } from "../webhooks/target.ts";
import { WebhookDelivery, WebhookSubscription, WebhookSubscriptionWithSecret } from "../webhooks/views.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

/** The path every route here lives under (the inbound `/v2/webhooks/{source}` must never be "subscriptions"). */
export const SUBSCRIPTIONS_PATH = "/v2/webhooks/subscriptions";

/** Body of `POST /v2/webhooks/subscriptions`. */
export const CreateSubscriptionSchema = z
  .object({
    url: z.string().min(1).max(4096).describe("https only; private, loopback and link-local addresses, localhost and unsafe ports are refused (400 `forbidden-target`)"),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length),
    description: z.string().trim().max(200).optional(),
  })
  .strict();

const ID_PATTERN = /^(sub|msg)_[0-9a-f]{32}$/;
const STATUSES = ["pending", "delivered", "dead_lettered"] as const;

const SubscriptionParams = z.object({ id: z.string().describe("`sub_…`") });
const DeliveryParams = SubscriptionParams.extend({ delivery_id: z.string().describe("`msg_…` (the `webhook-id`)") });
const DeliveriesQuery = z.object({
  limit: z.string().optional().describe("1–200, default 50"),
  status: z.enum(STATUSES).optional(),
});
const TAG = "webhooks";

/** The routes' descriptions in the API document. */
export const webhookSubscriptionDocs = [
  describeRoute({
    method: "post",
    path: SUBSCRIPTIONS_PATH,
    tag: TAG,
    summary: "Subscribe to events",
    description: "Creates a subscription delivering the chosen events, signed (Standard Webhooks), to `url`. The signing secret is in this answer only.",
    roles: callersWith("webhooks:write"),
    request: { body: { required: true, ...json(CreateSubscriptionSchema, { url: "https://hooks.example.com/nethical", events: ["decision.blocked", "agent.terminated"], description: "SOC pager" }) } },
    responses: { 201: { description: "The subscription, with its secret (shown once)", ...json(WebhookSubscriptionWithSecret) } },
    errors: [...JSON_BODY_ERRORS, "forbidden-target", "conflict"],
  }),
  describeRoute({
    method: "get",
    path: SUBSCRIPTIONS_PATH,
    tag: TAG,
    summary: "List subscriptions",
    description: "Every subscription of the caller's tenant, without secrets.",
    roles: callersWith("webhooks:read"),
    responses: { 200: { description: "The subscriptions", ...json(z.object({ subscriptions: z.array(WebhookSubscription) }).strict()) } },
  }),
  describeRoute({
    method: "get",
    path: `${SUBSCRIPTIONS_PATH}/{id}`,
    tag: TAG,
    summary: "A subscription",
    description: "One subscription, without its secret.",
    roles: callersWith("webhooks:read"),
    request: { params: SubscriptionParams },
    responses: { 200: { description: "The subscription", ...json(WebhookSubscription) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "delete",
    path: `${SUBSCRIPTIONS_PATH}/{id}`,
    tag: TAG,
    summary: "Delete a subscription",
    description: "Deletes the subscription and its delivery log; queued attempts are dropped.",
    roles: callersWith("webhooks:write"),
    request: { params: SubscriptionParams },
    responses: { 204: { description: "Deleted" } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "post",
    path: `${SUBSCRIPTIONS_PATH}/{id}/rotate-secret`,
    tag: TAG,
    summary: "Rotate the signing secret",
    description: "A new secret (in this answer only). For 24 hours deliveries carry two signatures, by the new and the previous secret, so receivers can switch without losing events.",
    roles: callersWith("webhooks:write"),
    request: { params: SubscriptionParams },
    responses: { 200: { description: "The subscription, with its new secret", ...json(WebhookSubscriptionWithSecret) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "get",
    path: `${SUBSCRIPTIONS_PATH}/{id}/deliveries`,
    tag: TAG,
    summary: "The delivery log",
    description: "The subscription's deliveries, newest first, each with its attempts (status codes, errors), next retry and whether it was dead-lettered. Kept: the newest 200 finished deliveries per subscription.",
    roles: callersWith("webhooks:read"),
    request: { params: SubscriptionParams, query: DeliveriesQuery },
    responses: { 200: { description: "The deliveries", ...json(z.object({ deliveries: z.array(WebhookDelivery) }).strict()) } },
    errors: ["not-found", "validation-failed"],
  }),
  describeRoute({
    method: "post",
    path: `${SUBSCRIPTIONS_PATH}/{id}/deliveries/{delivery_id}/redeliver`,
    tag: TAG,
    summary: "Redeliver",
    description: "Sends a delivery again (delivered or dead-lettered) with the same `webhook-id`, retried like a new one.",
    roles: callersWith("webhooks:write"),
    request: { params: DeliveryParams },
    responses: { 202: { description: "Queued again", ...json(WebhookDelivery) } },
    errors: ["not-found"],
  }),
];

/**
 * The subscription routes.
 *
 * @example
 * app.route("/", webhookSubscriptionRoutes());
 */
export function webhookSubscriptionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(SUBSCRIPTIONS_PATH, async (c) => {
    const tenant = tenantFor(c, "webhooks:write");
    const body = parseOrProblem(CreateSubscriptionSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the subscription");
    const target = checkWebhookTarget(body.url, c.env.ENVIRONMENT === "development");
    if (!target.ok) throw new ProblemError("forbidden-target", `this URL may not receive webhooks: ${target.detail}`, { reason: target.reason });
    const input = { url: target.url, events: body.events, description: body.description ?? null };
    const created = (await callOutbox(c.env, tenant, (o) => o.createSubscription(tenant, input, Date.now()) as Promise<unknown>)) as CreateSubscriptionResult;
    if (!created.ok) throw new ProblemError("conflict", created.message);
    return c.json({ ...created.subscription, secret: created.secret }, 201, { "cache-control": "no-store", location: `${SUBSCRIPTIONS_PATH}/${created.subscription.id}` });
  });

  app.get(SUBSCRIPTIONS_PATH, async (c) => {
    const tenant = tenantFor(c, "webhooks:read");
    const subscriptions = await callOutbox(c.env, tenant, (o) => o.listSubscriptions(tenant, Date.now()));
    return c.json({ subscriptions }, 200, { "cache-control": "no-store" });
  });

  app.get(`${SUBSCRIPTIONS_PATH}/:id`, async (c) => {
    const tenant = tenantFor(c, "webhooks:read");
    const id = idParam(c, "id");
    const subscription = await callOutbox(c.env, tenant, (o) => o.getSubscription(tenant, id, Date.now()));
    if (subscription === null) throw notFound();
    return c.json(subscription, 200, { "cache-control": "no-store" });
  });

  app.delete(`${SUBSCRIPTIONS_PATH}/:id`, async (c) => {
    const tenant = tenantFor(c, "webhooks:write");
    const id = idParam(c, "id");
    if (!(await callOutbox(c.env, tenant, (o) => o.deleteSubscription(tenant, id)))) throw notFound();
    return c.body(null, 204, { "cache-control": "no-store" });
  });

  app.post(`${SUBSCRIPTIONS_PATH}/:id/rotate-secret`, async (c) => {
    const tenant = tenantFor(c, "webhooks:write");
    const id = idParam(c, "id");
    const rotated = await callOutbox(c.env, tenant, (o) => o.rotateSecret(tenant, id, Date.now()));
    if (rotated === null) throw notFound();
    return c.json({ ...rotated.subscription, secret: rotated.secret }, 200, { "cache-control": "no-store" });
  });

  app.get(`${SUBSCRIPTIONS_PATH}/:id/deliveries`, async (c) => {
    const tenant = tenantFor(c, "webhooks:read");
    const id = idParam(c, "id");
    const limit = limitParam(c.req.query("limit"));
    const statusText = c.req.query("status");
    if (statusText !== undefined && !(STATUSES as readonly string[]).includes(statusText)) {
      throw new ProblemError("validation-failed", `status is one of ${STATUSES.join(", ")}`);
    }
    const status = statusText as (typeof STATUSES)[number] | undefined;
    const deliveries = await callOutbox(c.env, tenant, (o) => o.deliveries(tenant, id, { limit, ...(status !== undefined ? { status } : {}) }));
    if (deliveries === null) throw notFound();
    return c.json({ deliveries }, 200, { "cache-control": "no-store" });
  });

  app.post(`${SUBSCRIPTIONS_PATH}/:id/deliveries/:delivery_id/redeliver`, async (c) => {
    const tenant = tenantFor(c, "webhooks:write");
    const id = idParam(c, "id");
    const deliveryId = idParam(c, "delivery_id");
    const delivery = await callOutbox(c.env, tenant, (o) => o.redeliver(tenant, id, deliveryId));
    if (delivery === null) throw new ProblemError("not-found", "this subscription has no delivery with that id");
    return c.json(delivery, 202, { "cache-control": "no-store" });
  });

  return app;
}

function idParam(c: Context<AppEnv>, name: "id" | "delivery_id"): string {
  const value = c.req.param(name) ?? "";
  if (!ID_PATTERN.test(value)) throw name === "id" ? notFound() : new ProblemError("not-found", "this subscription has no delivery with that id");
  return value;
}

function notFound(): ProblemError {
  return new ProblemError("not-found", "this tenant has no webhook subscription with that id");
}

function limitParam(raw: string | undefined): number {
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new ProblemError("validation-failed", "limit is an integer from 1 to 200");
  return n;
}
