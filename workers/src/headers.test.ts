/**
 * Response headers: X-Request-Id (propagated when sane, created otherwise), traceparent passed through
 * only when well formed, X-Nethical-Latency-Ms matching the body's latency_ms, X-Nethical-Policy-Version,
 * and the agent's X-Nethical-Agent-Seq.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action, api, createTenant, type TestTenant } from "./testing/api.ts";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant("headers");
});

describe("headers", () => {
  it("propagates a sane X-Request-Id and uses it as a problem's instance", async () => {
    const ok = await api("/health", { headers: { "x-request-id": "client-req.42" } });
    expect(ok.headers.get("x-request-id")).toBe("client-req.42");
    const problem = await api("/v2/evaluate", { headers: { "x-request-id": "client-req.43" }, json: action("a") });
    expect(problem.status).toBe(401);
    expect(((await problem.json()) as { instance: string }).instance).toBe("client-req.43");
  });

  it("replaces a missing or unsafe X-Request-Id with a fresh UUID", async () => {
    for (const bad of [undefined, "", "<script>", "a".repeat(200), "line\tbreak"]) {
      const res = await api("/health", { headers: bad === undefined ? {} : { "x-request-id": bad } });
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    }
  });

  it("passes a valid traceparent through and drops an invalid one", async () => {
    expect((await api("/health", { headers: { traceparent: TRACEPARENT } })).headers.get("traceparent")).toBe(TRACEPARENT);
    for (const bad of ["00-00000000000000000000000000000000-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "garbage"]) {
      expect((await api("/health", { headers: { traceparent: bad } })).headers.get("traceparent")).toBeNull();
    }
  });

  it("a decision carries latency, policy version, agent sequence and RateLimit headers", async () => {
    const res = await api("/v2/evaluate", { key: t.keys.agent, json: action("h-1"), headers: { traceparent: TRACEPARENT } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { latency_ms: number; policy_version: string };
    expect(Number(res.headers.get("x-nethical-latency-ms"))).toBe(body.latency_ms);
    expect(body.latency_ms).toBeGreaterThanOrEqual(0);
    expect(res.headers.get("x-nethical-policy-version")).toBe(body.policy_version);
    expect(res.headers.get("x-nethical-agent-seq")).toBe("1");
    expect(res.headers.get("ratelimit-limit")).toBe("600");
    expect(res.headers.get("ratelimit-remaining")).toBe("599");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(0);
    expect(res.headers.get("traceparent")).toBe(TRACEPARENT);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
