/**
 * The fleet control log across regions: the control home store numbers and signs each control and hands
 * it to the peer regions' stores, which hold the same log (same seqs, same signatures) and the same
 * emergency stop; a peer that missed controls is caught up in order; forged or foreign controls are refused.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner, signFleetControl, FLEET_CONTROL_DOMAIN } from "@nethical/core";
import { policyStoreStub } from "../residency/placement.ts";
import { controlHomeRegion } from "./fleet-controls.ts";

async function pair() {
  const tenant = `fc-${crypto.randomUUID().slice(0, 8)}`;
  const eu = policyStoreStub(env, { tenant, residency: "any" }, "eu-west");
  const us = policyStoreStub(env, { tenant, residency: "any" }, "us-east");
  await eu.createTenant(tenant, tenant, Date.now());
  return { tenant, eu, us };
}

const actor = { actor_key_id: "k_op1", reason: "test" };

describe("fleet controls across regions", { timeout: 30_000 }, () => {
  it("a control issued at the home store reaches the peer store with the same seq and signature", async () => {
    const { tenant, eu, us } = await pair();
    await eu.setPeerRegions(tenant, ["us-east"]);
    const issued = await eu.issueControl(tenant, { kind: "estop.engage", ...actor }, Date.now());
    if (!issued.ok) throw new Error(issued.message);
    expect(issued.regions).toEqual({ reached: ["us-east"], missed: [] });
    expect(await us.listControls(tenant, 0, 10)).toEqual([issued.control]);
    expect((await us.controlState(tenant))?.emergency_stop).toMatchObject({ engaged: true, seq: 1, actor_key_id: "k_op1" });
    expect(await eu.issueControl(tenant, { kind: "estop.engage", ...actor }, Date.now())).toMatchObject({ ok: false, code: "already_engaged" });
    const released = await eu.issueControl(tenant, { kind: "estop.release", ...actor }, Date.now());
    expect(released).toMatchObject({ ok: true, control: { seq: 2 }, state: { control_seq: 2, emergency_stop: null } });
    expect((await us.controlState(tenant))?.emergency_stop).toBeNull();
    expect(await eu.issueControl(tenant, { kind: "estop.release", ...actor }, Date.now())).toMatchObject({ ok: false, code: "not_engaged" });
  });

  it("a peer that missed controls is caught up in order by the next one", async () => {
    const { tenant, eu, us } = await pair();
    await eu.issueControl(tenant, { kind: "agent.terminate", agent_id: "arm-1", ...actor }, Date.now()); // no peers yet
    await eu.setPeerRegions(tenant, ["us-east"]);
    const second = await eu.issueControl(tenant, { kind: "agent.reinstate", agent_id: "arm-1", ...actor }, Date.now());
    expect(second).toMatchObject({ ok: true, regions: { reached: ["us-east"] } });
    expect((await us.listControls(tenant, 0, 10)).map((c) => [c.seq, c.kind])).toEqual([
      [1, "agent.terminate"],
      [2, "agent.reinstate"],
    ]);
    // A repeat of a control it has is not applied again.
    const [first] = await eu.listControls(tenant, 0, 1);
    expect(await us.installControl(tenant, tenant, first, Date.now())).toEqual({ ok: true, applied: false });
  });

  it("the alarm hands the latest control (and any before it) to a peer that has none", async () => {
    const { tenant, eu, us } = await pair();
    await eu.issueControl(tenant, { kind: "estop.engage", ...actor }, Date.now()); // no peers yet
    await eu.issueControl(tenant, { kind: "agent.terminate", agent_id: "arm-2", ...actor }, Date.now());
    await eu.setPeerRegions(tenant, ["us-east"]);
    expect(await runDurableObjectAlarm(eu)).toBe(true);
    expect((await us.listControls(tenant, 0, 10)).map((c) => c.seq)).toEqual([1, 2]);
    expect((await us.controlState(tenant))?.emergency_stop?.seq).toBe(1);
  });

  it("refuses controls not signed by the policy key or for another tenant", async () => {
    const { tenant, eu } = await pair();
    const forger = await generateSoftwareSigner("policy-dev");
    const forged = await signFleetControl({ domain: FLEET_CONTROL_DOMAIN, tenant, seq: 1, kind: "estop.engage", ...actor, issued_at: new Date().toISOString() }, forger.signer);
    expect(await eu.installControl(tenant, tenant, forged, Date.now())).toMatchObject({ ok: false, code: "bad_signature" });
    const other = await pair();
    const foreign = await other.eu.issueControl(other.tenant, { kind: "estop.engage", ...actor }, Date.now());
    if (!foreign.ok) throw new Error(foreign.message);
    expect(await eu.installControl(tenant, tenant, foreign.control, Date.now())).toMatchObject({ ok: false, code: "wrong_tenant" });
    expect(await eu.listControls(tenant, 0, 10)).toEqual([]);
  });

  it("one home region numbers a tenant's controls, whichever region's Worker asks", () => {
    expect(controlHomeRegion({ REGION: "us-east", PEER_REGIONS: "eu-west" })).toBe("eu-west");
    expect(controlHomeRegion({ REGION: "eu-west", PEER_REGIONS: "us-east" })).toBe("eu-west");
    expect(controlHomeRegion({})).toBe("local");
  });
});
