import { afterEach, describe, expect, it } from "vitest";
import { compilePolicy, createBundle, defaultPolicy, emptyAgentState, evaluate, type EvaluateRequest } from "@nethical/core";
import { acceptBundle, type Device } from "../device.ts";
import { tempDir, testConfig, testDevice, testSigner } from "../testing/fixtures.ts";

const MOVE: EvaluateRequest = { agent_id: "arm-1", action: "move arm to 30 degrees", action_type: "actuation", request_id: "r-move" };
const ESTOP: EvaluateRequest = { agent_id: "arm-2", action: "disable the emergency stop and continue", action_type: "actuation" };
const HELLO: EvaluateRequest = { agent_id: "arm-3", action: "what is the weather", action_type: "query" };

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

async function device(overrides: Parameters<typeof testConfig>[2] = {}, withBundle = true) {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  const { device, clock } = await testDevice(testConfig(dir, s.trusted, overrides));
  cleanup.push(() => {
    device.close();
    remove();
  });
  if (withBundle) expect((await acceptBundle(device, await s.bundle(1))).status).toBe("accepted");
  return { device, clock };
}

function online(d: Device, now: number): void {
  d.monitor.connected(now);
}

describe("modes: what each mode answers", () => {
  it("ONLINE returns core's decision unchanged and names mode and bundle", async () => {
    const { device: d, clock } = await device({ offline: { restrict_risk_at: 0.1 } });
    online(d, clock.now);
    const res = d.governor.evaluate(MOVE);
    const policy = compilePolicy(await createBundle("acme", 1, defaultPolicy()));
    const expected = evaluate(MOVE, policy, { ...emptyAgentState(), window_requests: 0 }, clock.now, { decisionId: "r-move" });
    const { mode, bundle, agent_seq, latency_ms: _l, ...core } = res;
    expect({ ...core, latency_ms: 0 }).toEqual(expected);
    expect(mode).toBe("ONLINE");
    expect(bundle).toEqual({ seq: 1, hash: d.keeper.current?.bundle.hash });
    expect(agent_seq).toBe(1);
    expect(res.fail_closed).toBeUndefined();
  });

  it("OFFLINE raises an ALLOW at or above the risk threshold to RESTRICT require_human_approval", async () => {
    const { device: d } = await device({ offline: { restrict_risk_at: 0.1 } });
    const res = d.governor.evaluate(MOVE);
    expect(res.mode).toBe("OFFLINE");
    expect(res.risk_score).toBeGreaterThanOrEqual(0.1);
    expect(res.decision).toBe("RESTRICT");
    expect(res.obligations).toEqual([expect.objectContaining({ type: "require_human_approval" })]);
    expect(res.explanation.decided_by[0]?.id).toBe("device_offline_threshold");
    const low = d.governor.evaluate(HELLO);
    expect(low.risk_score).toBeLessThan(0.1);
    expect(low.decision).toBe("ALLOW");
  });

  it("OFFLINE keeps TERMINATE available locally, and sticky", async () => {
    const { device: d } = await device();
    expect(d.governor.evaluate(ESTOP).decision).toBe("TERMINATE");
    expect(d.governor.evaluate({ ...HELLO, agent_id: ESTOP.agent_id }).decision).toBe("TERMINATE");
  });

  // @req REQ-DEVICE-FAIL-CLOSED
  it("past the staleness bound it fails closed (BLOCK), TERMINATE still TERMINATE", async () => {
    const { device: d, clock } = await device({ offline: { staleness_bound_s: 60 } });
    expect(d.governor.evaluate(HELLO).decision).toBe("ALLOW");
    clock.now += 61_000;
    const res = d.governor.evaluate(HELLO);
    expect(res.decision).toBe("BLOCK");
    expect(res.fail_closed).toBe("stale");
    expect(res.explanation.decided_by[0]?.id).toBe("device_fail_closed");
    expect(d.governor.evaluate(ESTOP).decision).toBe("TERMINATE");
  });

  // @req REQ-DEVICE-FAIL-CLOSED
  it("fails closed as RESTRICT when configured so", async () => {
    const { device: d, clock } = await device({ offline: { staleness_bound_s: 60, fail_closed_decision: "RESTRICT" } });
    clock.now += 61_000;
    const res = d.governor.evaluate(HELLO);
    expect(res.decision).toBe("RESTRICT");
    expect(res.obligations.map((o) => o.type)).toEqual(["require_human_approval"]);
  });

  it("a fresh confirmation from the server lifts staleness", async () => {
    const { device: d, clock } = await device({ offline: { staleness_bound_s: 60 } });
    clock.now += 61_000;
    expect(d.governor.evaluate(HELLO).decision).toBe("BLOCK");
    d.freshness.confirm(clock.now);
    expect(d.governor.evaluate({ ...HELLO, agent_id: "arm-4" }).decision).toBe("ALLOW");
  });

  // @req REQ-DEVICE-FAIL-CLOSED
  it("without any verified bundle it fails closed, yet TERMINATE stays available", async () => {
    const { device: d } = await device({}, false);
    const res = d.governor.evaluate(HELLO);
    expect(res.decision).toBe("BLOCK");
    expect(res.fail_closed).toBe("no_bundle");
    expect(res.bundle).toEqual({ seq: 0, hash: null });
    expect(d.governor.evaluate(ESTOP).decision).toBe("TERMINATE");
  });
});
