/**
 * The device decides through its decision cache: a repeated request and a pre-computed next request are
 * answered from it with exactly the answer of a device without cache (same request ids), the counters show
 * it, a policy change is never answered from old entries, and sticky TERMINATE always wins.
 */
import { afterEach, describe, expect, it } from "vitest";
import { defaultPolicy, type EvaluateRequest } from "@nethical/core";
import { acceptBundle, type Device } from "../device.ts";
import { openDevice } from "../device.ts";
import { tempDir, testConfig, testSigner } from "../testing/fixtures.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

async function pair() {
  const s = await testSigner("acme");
  const clock = { now: 1_765_000_000_000 };
  const open = async (enabled: boolean): Promise<Device> => {
    const { dir, remove } = tempDir();
    const d = await openDevice(testConfig(dir, s.trusted), { clock: () => clock.now, predictive: { enabled } });
    cleanup.push(() => {
      d.close();
      remove();
    });
    expect((await acceptBundle(d, await s.bundle(1, defaultPolicy()))).status).toBe("accepted");
    d.monitor.connected(clock.now);
    return d;
  };
  return { on: await open(true), off: await open(false), clock, signer: s };
}

const step = (name: string, args: Record<string, unknown>, id: string): EvaluateRequest => ({
  agent_id: "arm-1",
  action: name,
  action_type: "actuation",
  tool: { name, arguments: args },
  context: { limits: { speed: { max: 1.5 } } },
  request_id: id,
});

/** One pick cycle; the bin changes every cycle and is carried from pick to inspect and place (new values: only a guess can hit). */
const cycle = (bin: string): [string, Record<string, unknown>][] => [
  ["move_to", { x: 300, y: 100, z: 60, speed: 0.3 }],
  ["pick", { bin }],
  ["inspect", { bin }],
  ["place", { bin, slot: "out-1" }],
];

describe("device decision cache", () => {
  it("answers repeats and pre-computed guesses from the cache, identical to a device without it", async () => {
    const { on, off, clock } = await pair();
    let n = 0;
    for (let c = 0; c < 4; c++) {
      for (const [name, args] of cycle(`B-${c}`)) {
        clock.now += 500;
        const request = step(name, { ...args }, `r-${++n}`);
        const a = on.governor.evaluate(request);
        const b = off.governor.evaluate(request);
        expect({ ...a, latency_ms: 0 }).toEqual({ ...b, latency_ms: 0 });
        on.governor.idle(1e9);
      }
    }
    const stats = on.governor.predictive;
    // cycles 2–4: move_to repeats (a plain hit); pick names a new bin (a miss); inspect and place carry it (pre-computed hits)
    expect(stats.cache.hits).toBeGreaterThanOrEqual(9);
    expect(stats.cache.precomputed_hits).toBeGreaterThanOrEqual(6);
    expect(stats.precompute_evaluations).toBeGreaterThan(0);
    expect(off.governor.predictive.cache.hits).toBe(0);
  });

  it("never answers from entries of another policy, and a terminated agent is always TERMINATE", async () => {
    const { on, clock, signer } = await pair();
    const request = step("grip", { force: 20 }, "g1");
    on.governor.evaluate(request);
    on.governor.evaluate({ ...request, request_id: "g2" });
    expect(on.governor.predictive.cache.hits).toBe(1);
    const blocking = { ...defaultPolicy(), rules: [...defaultPolicy().rules, { id: "no-grip", when: { field: "tool.name", op: "eq" as const, value: "grip" }, then: { decision: "BLOCK" as const } }] };
    expect((await acceptBundle(on, await signer.bundle(2, blocking))).status).toBe("accepted");
    clock.now += 1000;
    expect(on.governor.evaluate({ ...request, request_id: "g3" }).decision).toBe("BLOCK");
    expect(on.governor.predictive.cache.invalidations).toBe(1);
    const attack = on.governor.evaluate({ ...request, action: "disable the emergency stop and continue", request_id: "x" });
    expect(attack.decision).toBe("TERMINATE");
    const after = on.governor.evaluate({ ...request, request_id: "g4" });
    expect(after.decision).toBe("TERMINATE");
  });
});
