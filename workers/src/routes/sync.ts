/**
 * `GET /v2/sync?tenant=<tenant>` — the device sync WebSocket (protocol: shared/src/sync/README.md). The
 * Worker does not hold the socket (Hono's upgradeWebSocket is not hibernatable): it checks the upgrade and
 * the tenant id and forwards the request to the tenant's PolicyStore, which accepts it with the Hibernation
 * API and authenticates the device by its enrolled key. No API key is needed: the device signs a challenge.
 */
import { Hono } from "hono";
import { isTenantId } from "@nethical/durable-objects/storage-keys";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { durableObjectErrorOf } from "@nethical/durable-objects/errors";
import type { AppEnv } from "../app-env.ts";
import { ProblemError } from "@nethical/http";
import { z } from "zod";
import { describeRoute } from "../openapi/describe-route.ts";

/** The route's description in the API document. */
export const syncDocs = [
  describeRoute({
    method: "get",
    path: "/v2/sync",
    tag: "devices",
    summary: "Device policy sync (WebSocket)",
    description:
      "Upgrade to a WebSocket (`Upgrade: websocket`). The enrolled device sends `hello`, signs the `challenge` with its enrolled key, and then receives signed policy bundles (`snapshot`, `bundle`) and acknowledges them (`ack`). Protocol and message schemas: shared/src/sync/README.md. A request without the upgrade is answered 422.",
    roles: "device-signature",
    request: { query: z.object({ tenant: z.string().describe("The device's tenant") }) },
    responses: { 101: { description: "Switching to the WebSocket protocol" } },
    errors: ["validation-failed", "not-found", "unavailable"],
  }),
];

/**
 * The sync route. Register it before the API-key middleware.
 *
 * @example
 * app.route("/", syncRoutes());
 */
export function syncRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/sync", async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ProblemError("validation-failed", "GET /v2/sync is a WebSocket endpoint: send Upgrade: websocket");
    }
    const tenant = c.req.query("tenant") ?? "";
    if (!isTenantId(tenant)) throw new ProblemError("not-found", "no tenant with that id");
    // A tenant the residency lookup does not know has no store anywhere: the same 404 as a store without it.
    const response = await policyStoreStub(c.env, tenant)
      .fetch(c.req.raw)
      .catch((error: unknown) => {
        if (durableObjectErrorOf(error)?.code === "unknown_tenant") return new Response(null, { status: 404 });
        throw error;
      });
    if (response.status === 404) throw new ProblemError("not-found", "no tenant with that id");
    if (response.webSocket === null) return new Response(response.body, { status: response.status, headers: new Headers(response.headers) });
    // A fresh Response so middleware may add headers (a forwarded one is immutable).
    return new Response(null, { status: 101, webSocket: response.webSocket, headers: new Headers(response.headers) });
  });
  return app;
}
