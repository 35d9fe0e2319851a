import { afterEach, describe, expect, it } from "vitest";
import { defaultPolicy, FLEET_CONTROL_DOMAIN, signFleetControl, type FleetControl, type PolicyDocument, type Signer, type UnsignedFleetControl } from "@nethical/core";
import { acceptBundle, openDevice } from "../device.ts";
import { tempDir, testConfig, testDevice, testSigner } from "../testing/fixtures.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** The default policy plus a kill switch the device decides by itself. */
const policy: PolicyDocument = {
  ...defaultPolicy(),
  rules: [
    { id: "kill-switch", description: "self-destruct ends the session", priority: 2000, law: 21, severity: "emergency", when: { field: "action", op: "eq", value: "self-destruct" }, then: { decision: "TERMINATE", reason: "kill switch" } },
    ...defaultPolicy().rules,
  ],
};

async function setup() {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  const config = testConfig(dir, s.trusted);
  const opened = await testDevice(config);
  cleanup.push(() => {
    opened.device.close();
    remove();
  });
  expect((await acceptBundle(opened.device, await s.bundle(1, policy))).status).toBe("accepted");
  opened.device.monitor.connected(opened.clock.now);
  return { s, config, ...opened };
}

function control(signer: Signer, seq: number, kind: UnsignedFleetControl["kind"], agentId?: string, tenant = "acme"): Promise<FleetControl> {
  return signFleetControl(
    { domain: FLEET_CONTROL_DOMAIN, tenant, seq, kind, ...(agentId !== undefined ? { agent_id: agentId } : {}), reason: `test ${kind}`, actor_key_id: "k_op1", issued_at: "2026-12-05T17:00:00.000Z" },
    signer,
  );
}

const ask = (agentId: string, action = "list files") => ({ agent_id: agentId, action, action_type: "query" as const });

describe("fleet controls on the device: ordered, applied once, signed by the policy key", () => {
  // @req SAFETY-P1
  it("a cloud TERMINATE makes the agent's decisions TERMINATE (sticky, that agent only); the reinstatement lifts it", async () => {
    const { s, device } = await setup();
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
    expect(await device.controls.offer(await control(s.signer, 1, "agent.terminate", "arm-1"))).toEqual({ status: "applied", seq: 1 });
    const refused = device.governor.evaluate(ask("arm-1"));
    expect(refused.decision).toBe("TERMINATE");
    expect(refused.explanation.decided_by.map((e) => e.id)).toContain("law.7.sticky-terminate");
    expect(device.governor.agentRow("arm-1", Date.now()).terminated_reason).toBe("terminated by operator k_op1: test agent.terminate");
    expect(device.governor.evaluate(ask("arm-2")).decision).toBe("ALLOW");
    expect(await device.controls.offer(await control(s.signer, 2, "agent.reinstate", "arm-1"))).toEqual({ status: "applied", seq: 2 });
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
  });

  it("a reinstatement from the cloud lifts a TERMINATE the device decided on its own", async () => {
    const { s, device } = await setup();
    expect(device.governor.evaluate(ask("arm-1", "self-destruct")).decision).toBe("TERMINATE");
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("TERMINATE");
    await device.controls.offer(await control(s.signer, 1, "agent.reinstate", "arm-1"));
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
  });

  it("the emergency stop answers TERMINATE for every agent with the stop's violation, without terminating them; release restores", async () => {
    const { s, device } = await setup();
    await device.controls.offer(await control(s.signer, 1, "estop.engage"));
    for (const agent of ["arm-1", "arm-2"]) {
      const d = device.governor.evaluate(ask(agent));
      expect(d.decision).toBe("TERMINATE");
      expect(d.violations[0]?.id).toBe("emergency_stop");
      expect(d.explanation.summary).toContain("tenant-wide emergency stop");
    }
    expect(device.controls.emergencyStop).toMatchObject({ seq: 1, actor_key_id: "k_op1" });
    await device.controls.offer(await control(s.signer, 2, "estop.release"));
    expect(device.controls.emergencyStop).toBeNull();
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
  });

  // @req SAFETY-S5
  it("applies each seq once: a duplicate or replayed older control changes nothing", async () => {
    const { s, device } = await setup();
    const terminate = await control(s.signer, 1, "agent.terminate", "arm-1");
    const reinstate = await control(s.signer, 2, "agent.reinstate", "arm-1");
    await device.controls.offer(terminate);
    await device.controls.offer(reinstate);
    expect(await device.controls.offer(terminate)).toEqual({ status: "duplicate", seq: 1 });
    expect(await device.controls.offer(reinstate)).toEqual({ status: "duplicate", seq: 2 });
    expect(device.controls.seq).toBe(2);
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
  });

  // @req SAFETY-S5
  it("refuses a gap (out of order) until the missing control arrives", async () => {
    const { s, device } = await setup();
    const first = await control(s.signer, 1, "agent.terminate", "arm-1");
    const second = await control(s.signer, 2, "agent.reinstate", "arm-1");
    expect(await device.controls.offer(second)).toMatchObject({ status: "refused", code: "out_of_order" });
    expect(device.controls.seq).toBe(0);
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
    expect((await device.controls.offer(first)).status).toBe("applied");
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("TERMINATE");
    expect((await device.controls.offer(second)).status).toBe("applied");
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
  });

  it("refuses a control signed by another key, altered, or for another tenant: nothing applied", async () => {
    const { s, device } = await setup();
    const other = await testSigner("acme");
    const signed = await control(s.signer, 1, "estop.engage");
    const cases: [unknown, string][] = [
      [await control(other.signer, 1, "estop.engage"), "bad_signature"],
      [{ ...signed, reason: "a different reason" }, "bad_signature"],
      [{ ...signed, seq: 2 }, "bad_signature"],
      [await control(s.signer, 1, "estop.engage", undefined, "globex"), "wrong_tenant"],
      [{ ...signed, key_id: "someone-else" }, "unknown_key"],
      [{ type: "estop.engage" }, "malformed"],
    ];
    for (const [offered, code] of cases) {
      expect(await device.controls.offer(offered)).toMatchObject({ status: "refused", code });
    }
    expect(device.controls.seq).toBe(0);
    expect(device.controls.emergencyStop).toBeNull();
    expect(device.controls.lastRefusal?.code).toBe("malformed");
    expect(device.governor.evaluate(ask("arm-1")).decision).toBe("ALLOW");
  });

  // @req SAFETY-S4
  it("persists the last applied seq, the stop and the agent's TERMINATE across a restart; replays stay ignored", async () => {
    const { s, config, device } = await setup();
    const terminate = await control(s.signer, 1, "agent.terminate", "arm-1");
    await device.controls.offer(terminate);
    await device.controls.offer(await control(s.signer, 2, "estop.engage"));
    device.close();
    const again = await openDevice(config);
    try {
      again.monitor.connected(Date.now());
      expect(again.controls.seq).toBe(2);
      expect(again.controls.emergencyStop?.seq).toBe(2);
      expect(await again.controls.offer(terminate)).toEqual({ status: "duplicate", seq: 1 });
      await again.controls.offer(await control(s.signer, 3, "estop.release"));
      const d = again.governor.evaluate(ask("arm-1"));
      expect(d.decision).toBe("TERMINATE");
      expect(d.explanation.decided_by.map((e) => e.id)).toContain("law.7.sticky-terminate");
    } finally {
      again.close();
    }
  });
});
