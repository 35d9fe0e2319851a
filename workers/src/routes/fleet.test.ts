import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createTenant } from "../testing/api.ts";
import { recordDeviceFacts } from "@nethical/durable-objects/policy-store/fleet-records";

const HASH = "a".repeat(64);

describe("GET /v2/fleet: which bundle every device runs", () => {
  it("lists the tenant's devices with last seen, mode, seq, and who is behind", async () => {
    const { tenant, keys } = await createTenant("fleet");
    const now = Date.UTC(2026, 0, 2, 3, 4, 5);
    await recordDeviceFacts(env.POLICY_KV, tenant, { device_id: "rover-2", connected: true }, now);
    await recordDeviceFacts(env.POLICY_KV, tenant, { device_id: "rover-2", mode: "DEGRADED", seq: 3, hash: HASH }, now + 1000);
    await recordDeviceFacts(env.POLICY_KV, tenant, { device_id: "arm-1", mode: "ONLINE", seq: 4, hash: HASH, connected: true }, now);
    await recordDeviceFacts(env.POLICY_KV, tenant, { device_id: "arm-1", mode: "OFFLINE", connected: false }, now + 5000);
    const res = await api("/v2/fleet", { key: keys.auditor });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; newest_seq: number; devices: Record<string, unknown>[] };
    expect(body.count).toBe(2);
    expect(body.newest_seq).toBe(4);
    expect(body.devices).toEqual([
      { device_id: "arm-1", last_seen: new Date(now + 5000).toISOString(), mode: "OFFLINE", seq: 4, hash: HASH, connected: false, behind: false },
      { device_id: "rover-2", last_seen: new Date(now + 1000).toISOString(), mode: "DEGRADED", seq: 3, hash: HASH, connected: true, behind: true },
    ]);
  });

  it("shows only the caller's tenant, and needs a reading role", async () => {
    const a = await createTenant("fleet-a");
    const b = await createTenant("fleet-b");
    await recordDeviceFacts(env.POLICY_KV, a.tenant, { device_id: "only-a", seq: 1 }, Date.now());
    const seenByB = (await (await api("/v2/fleet", { key: b.keys.operator })).json()) as { count: number };
    expect(seenByB.count).toBe(0);
    expect((await api("/v2/fleet", { key: a.keys.agent })).status).toBe(403);
    expect((await api("/v2/fleet")).status).toBe(401);
  });
});
