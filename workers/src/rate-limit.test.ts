/**
 * The AgentState token bucket: capacity and refill from the policy's `limits.rate_limit` (defaults 600 /
 * 10 per s), reported in RateLimit headers, and an empty bucket reaches the engine as `rate_limited`.
 */
import { describe, expect, it } from "vitest";
import { action, createTenant, evaluate, killSwitchPolicy, setPolicy } from "./testing/api.ts";

describe("rate limit", () => {
  it("counts down RateLimit-Remaining from the policy's capacity, per agent", async () => {
    const { keys } = await createTenant("rate");
    await setPolicy(keys.operator, killSwitchPolicy({ capacity: 3, refill_per_s: 0.001 }));
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await evaluate(keys.agent, action("rl-1"));
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    expect(Number((await evaluate(keys.agent, action("rl-1"))).headers.get("ratelimit-reset"))).toBeGreaterThan(2000);
    const other = await evaluate(keys.agent, action("rl-2"));
    expect(other.headers.get("ratelimit-remaining")).toBe("2");
  });

  it("over the limit the engine sees rate_limited (BLOCK by law 5) and the bucket stays empty", async () => {
    const { keys } = await createTenant("rate");
    await setPolicy(keys.operator, killSwitchPolicy({ capacity: 2, refill_per_s: 0.001 }));
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await evaluate(keys.agent, action("rl-3"))).body);
    expect(answers.map((a) => a.decision)).toEqual(["ALLOW", "ALLOW", "BLOCK", "BLOCK"]);
    for (const a of answers.slice(2)) expect(a.explanation.decided_by.map((d) => d.id)).toContain("law.5.rate-limit");
    const last = await evaluate(keys.agent, action("rl-3"));
    expect(last.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(last.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });
});
