/**
 * `GET /v2/fleet` (operator, auditor, admin): the caller's tenant's devices with last seen, mode, active
 * bundle seq/hash and whether they are connected; `behind: true` marks devices on an older bundle than
 * the newest any device of the tenant reports. Records come from the sync hub (durable-objects/src/policy-store/fleet-records.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { FleetRecordSchema, listFleet } from "@nethical/durable-objects/policy-store/fleet-records";
import { z } from "zod";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";

/** The route's description in the API document. */
export const fleetDocs = [
  describeRoute({
    method: "get",
    path: "/v2/fleet",
    tag: "devices",
    summary: "The tenant's devices",
    description: "Every device with last seen, mode, the bundle seq and hash it reports and whether it is connected; `behind` marks devices on an older bundle than the newest any device reports.",
    roles: callersWith("agents:read"),
    responses: {
      200: {
        description: "The fleet",
        ...json(z.object({ tenant: z.string(), count: z.number().int(), newest_seq: z.number().int(), devices: z.array(FleetRecordSchema.extend({ behind: z.boolean() })) }).strict()),
      },
    },
  }),
];

/**
 * The fleet route.
 *
 * @example
 * app.route("/", fleetRoutes());
 */
export function fleetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/fleet", async (c) => {
    const tenant = tenantFor(c, "agents:read");
    const devices = await listFleet(c.env.POLICY_KV, tenant);
    const newestSeq = devices.reduce((m, d) => Math.max(m, d.seq), 0);
    return c.json(
      { tenant, count: devices.length, newest_seq: newestSeq, devices: devices.map((d) => ({ ...d, behind: d.seq < newestSeq })) },
      200,
      { "cache-control": "no-store" },
    );
  });
  return app;
}
