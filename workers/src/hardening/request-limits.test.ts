/**
 * Red-team defect 8: there was no per-tenant or per-key limit (1,000 fresh agent ids in 4.5 s were all
 * ALLOW, each with a full token bucket) and no back-off after 100 wrong keys in a row. Now every
 * authenticated request counts against its key's and its tenant's limit (Workers Rate Limiting), and an
 * address that sends too many invalid keys gets 429 with Retry-After and its keys are not checked until
 * the period ends. This workerd run uses lower limits than wrangler.toml (vitest.config.ts: 300 per key,
 * 400 per tenant, 100 failures per address, per 60 s).
 */
import { describe, expect, it } from "vitest";
import { action, api, createTenant, issueKey } from "../testing/api.ts";

describe("abuse limits", () => {
  it("a key that sends more than its limit gets 429 with Retry-After, and another key of the tenant does not", async () => {
    const { tenant, keys } = await createTenant("limits");
    const statuses: number[] = [];
    for (let i = 0; i < 305; i++) statuses.push((await api("/v2/nope", { key: keys.agent })).status);
    expect(statuses.slice(0, 300).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(300)).toEqual([429, 429, 429, 429, 429]);
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
    const statuses: number[] = [];
    for (const key of [keys.operator, spare[0]?.secret, spare[1]?.secret]) {
      for (let i = 0; i < 140; i++) statuses.push((await api("/v2/nope", { key: key as string })).status);
    }
    // 420 requests over three keys (each under its own 300) against the tenant's 400: the last ones are refused.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    const res = await api("/v2/evaluate", { key: spare[1]?.secret as string, json: action("yet-another-fresh-agent") });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { limit: string }).limit).toBe("tenant");
  });

  it("backs off an address after too many invalid keys, even when it then sends a valid one", async () => {
    const { keys } = await createTenant("backoff");
    const headers = { "cf-connecting-ip": "198.51.100.23" };
    const statuses: number[] = [];
    for (let i = 0; i < 102; i++) statuses.push((await api("/v2/nope", { key: `nk_wrong_${i}`, headers })).status);
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses[100]).toBe(429);
    const valid = await api("/v2/evaluate", { key: keys.agent, json: action("a"), headers });
    expect(valid.status).toBe(429);
    expect(valid.headers.get("retry-after")).toBe("60");
    // Another address is not affected.
    expect((await api("/v2/evaluate", { key: keys.agent, json: action("a"), headers: { "cf-connecting-ip": "198.51.100.24" } })).status).toBe(200);
  });
});
