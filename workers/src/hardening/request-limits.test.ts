/**
 * Red-team defect 8: there was no per-tenant or per-key limit (1,000 fresh agent ids in 4.5 s were all
 * ALLOW, each with a full token bucket) and no back-off after 100 wrong keys in a row. Now every
 * authenticated request counts against its key's and its tenant's limit (Workers Rate Limiting), and an
 * address that sends too many invalid keys gets 429 with Retry-After and its keys are not checked until
 * the period ends. This workerd run uses lower limits than wrangler.toml (vitest.config.ts: 300 per key,
 * 400 per tenant, 100 failures per address, per 60 s). The limits count in fixed 60 s windows, so a test
 * that crosses a window boundary sees the count restart: each test sends until the first 429 (at most a
 * little over two windows' worth) and checks it never comes before the limit.
 */
import { describe, expect, it } from "vitest";
import { action, api, createTenant, issueKey } from "../testing/api.ts";

/** Send `send()` until it answers `status` (at most `max` times); the number of calls before that one, or -1. */
async function untilStatus(send: () => Promise<Response>, status: number, max: number): Promise<number> {
  for (let i = 0; i < max; i++) if ((await send()).status === status) return i;
  return -1;
}

describe("abuse limits", () => {
  it("a key that sends more than its limit gets 429 with Retry-After, and another key of the tenant does not", async () => {
    const { tenant, keys } = await createTenant("limits");
    const before = await untilStatus(() => api("/v2/nope", { key: keys.agent }), 429, 2 * 300 + 5);
    expect(before).toBeGreaterThanOrEqual(300);
    const limited = await api("/v2/evaluate", { key: keys.agent, json: action("fresh-agent-1") });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(((await limited.json()) as { type: string; limit: string })).toMatchObject({ type: "urn:nethical:problem:too-many-requests", limit: "key" });
    const other = await issueKey(tenant, "agent", keys.admin);
    expect((await api("/v2/evaluate", { key: other.secret, json: action("fresh-agent-2") })).status).toBe(200);
  });

  it("fresh agent ids do not escape the tenant's limit", async () => {
    const { tenant, keys } = await createTenant("fresh-ids");
    const spare = [await issueKey(tenant, "agent", keys.admin), await issueKey(tenant, "agent", keys.admin)];
    // Round-robin over three keys, so no key reaches its own 300 before the tenant reaches its 400.
    const rotation = [keys.operator, spare[0]?.secret as string, spare[1]?.secret as string];
    let n = 0;
    const before = await untilStatus(() => api("/v2/nope", { key: rotation[n++ % 3] as string }), 429, 2 * 400 + 5);
    expect(before).toBeGreaterThanOrEqual(400 - 2); // the admin's two key issues counted too
    const res = await api("/v2/evaluate", { key: spare[1]?.secret as string, json: action("yet-another-fresh-agent") });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { limit: string }).limit).toBe("tenant");
  });

  it("backs off an address after too many invalid keys, even when it then sends a valid one", async () => {
    const { keys } = await createTenant("backoff");
    const headers = { "cf-connecting-ip": "198.51.100.23" };
    let i = 0;
    const before = await untilStatus(() => api("/v2/nope", { key: `nk_wrong_${i++}`, headers }), 429, 2 * 100 + 5);
    expect(before).toBeGreaterThanOrEqual(100);
    const valid = await api("/v2/evaluate", { key: keys.agent, json: action("a"), headers });
    expect(valid.status).toBe(429);
    expect(valid.headers.get("retry-after")).toBe("60");
    // Another address is not affected.
    expect((await api("/v2/evaluate", { key: keys.agent, json: action("a"), headers: { "cf-connecting-ip": "198.51.100.24" } })).status).toBe(200);
  });
});
