/**
 * Fleet control in workerd, through the Worker: the tenant-wide emergency stop (every evaluation TERMINATE
 * while engaged, the agent's state untouched, released to normal), a cloud terminate and reinstatement, the
 * roles that may do each, and the signed, ordered controls a device receives over `/v2/sync` — live while
 * connected and, after a reconnect, only those it has not applied.
 */
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { verifyFleetControl, type FleetControl } from "@nethical/core";
import { action, api, createTenant, evaluate } from "../testing/api.ts";
import { authenticate, connect, enrol, trustedKeys, type Client } from "../testing/sync-client.ts";
import { emergencyStopFor, forgetControlStates } from "./stop-state.ts";

const post = (path: string, key: string, json?: unknown) => api(path, { key, json: json ?? {} });

async function nextControl(client: Client): Promise<FleetControl> {
  for (;;) {
    const m = await client.message();
    if (m.type === "control") return m.control;
    if (m.type !== "snapshot" && m.type !== "bundle") throw new Error(`expected a control, got ${m.type}`);
  }
}

describe("emergency stop", { timeout: 30_000 }, () => {
  it("while engaged every evaluation is TERMINATE with the stop's violation; released, decisions are normal and no agent stayed terminated", async () => {
    const t = await createTenant("estop");
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("ALLOW");

    const engaged = await post("/v2/emergency-stop", t.keys.operator, { reason: "fire alarm in hall 3" });
    expect(engaged.status).toBe(200);
    const body = (await engaged.json()) as { engaged: boolean; emergency_stop: { seq: number; actor_key_id: string; reason: string }; control: { seq: number; kind: string; regions_missed: string[] } };
    expect(body.emergency_stop).toMatchObject({ actor_key_id: t.keyIds.operator, reason: "fire alarm in hall 3" });
    expect(body.control).toMatchObject({ kind: "estop.engage", regions_missed: [] });

    for (const agent of ["arm-1", "arm-2"]) {
      const d = await evaluate(t.keys.agent, action(agent));
      expect(d.body.decision).toBe("TERMINATE");
      expect((d.body.violations as { id: string }[])[0]).toMatchObject({ id: "emergency_stop", law: 7 });
      expect(d.body.explanation.summary).toContain("fire alarm in hall 3");
      expect(d.headers.get("x-nethical-degraded")).toBeNull();
    }
    const batch = await api("/v2/batch-evaluate", { key: t.keys.agent, json: { requests: [action("arm-3"), action("arm-4")] } });
    const results = ((await batch.json()) as { results: { response: { decision: string } }[] }).results;
    expect(results.map((r) => r.response.decision)).toEqual(["TERMINATE", "TERMINATE"]);

    const state = (await (await api("/v2/emergency-stop", { key: t.keys.auditor })).json()) as { engaged: boolean; control_seq: number };
    expect(state).toMatchObject({ engaged: true, control_seq: body.control.seq });
    expect((await post("/v2/emergency-stop", t.keys.admin, { reason: "again" })).status).toBe(409);

    const released = await api("/v2/emergency-stop", { method: "DELETE", key: t.keys.admin, json: { reason: "hall 3 cleared" } });
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ engaged: false, control: { kind: "estop.release", seq: body.control.seq + 1 } });
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("ALLOW");
    expect((await api("/v2/emergency-stop", { method: "DELETE", key: t.keys.admin })).status).toBe(409);
    const agent = (await (await api("/v2/agents/arm-1", { key: t.keys.auditor })).json()) as { terminated: boolean };
    expect(agent.terminated).toBe(false);
  });

  it("is read from the PolicyStore: an isolate that knew nothing sees it at once", async () => {
    const t = await createTenant("estop-read");
    forgetControlStates();
    expect(await emergencyStopFor(env, t.tenant, Date.now())).toBeNull();
    await post("/v2/emergency-stop", t.keys.operator, { reason: "drill" });
    forgetControlStates();
    expect(await emergencyStopFor(env, t.tenant, Date.now())).toMatchObject({ engaged: true, reason: "drill", actor_key_id: t.keyIds.operator });
    await api("/v2/emergency-stop", { method: "DELETE", key: t.keys.operator });
  });

  it("only operators and admins engage or release it; auditors read it; other tenants are not stopped", async () => {
    const t = await createTenant("estop-roles");
    const other = await createTenant("estop-other");
    expect((await post("/v2/emergency-stop", t.keys.auditor, { reason: "x" })).status).toBe(403);
    expect((await post("/v2/emergency-stop", t.keys.agent, { reason: "x" })).status).toBe(403);
    expect((await api("/v2/emergency-stop", { key: t.keys.agent })).status).toBe(403);
    expect((await post("/v2/emergency-stop", t.keys.operator, {})).status).toBe(422);
    expect((await post("/v2/emergency-stop", t.keys.operator, { reason: "stop" })).status).toBe(200);
    expect((await evaluate(other.keys.agent, action("arm-1"))).body.decision).toBe("ALLOW");
    expect((await api("/v2/emergency-stop", { method: "DELETE", key: t.keys.auditor })).status).toBe(403);
    expect((await api("/v2/emergency-stop", { method: "DELETE", key: t.keys.operator })).status).toBe(200);
  });
});

describe("cloud terminate and reinstate", { timeout: 30_000 }, () => {
  it("terminate makes that agent's decisions TERMINATE (sticky); reinstate lifts it", async () => {
    const t = await createTenant("terminate");
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("ALLOW");
    const res = await post("/v2/agents/arm-1/terminate", t.keys.operator, { reason: "runaway loop" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { terminated: boolean; already_terminated: boolean; agent: { terminated: boolean; terminated_reason: string }; control: { seq: number; kind: string } };
    expect(body).toMatchObject({ terminated: true, already_terminated: false, control: { seq: 1, kind: "agent.terminate" } });
    expect(body.agent.terminated_reason).toBe(`terminated by operator ${t.keyIds.operator}: runaway loop`);
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("TERMINATE");
    expect((await evaluate(t.keys.agent, action("arm-2"))).body.decision).toBe("ALLOW");
    expect(await (await post("/v2/agents/arm-1/terminate", t.keys.admin, { reason: "again" })).json()).toMatchObject({ already_terminated: true, control: { seq: 2 } });

    const lifted = await post("/v2/agents/arm-1/reinstate", t.keys.operator, { reason: "loop fixed" });
    expect(lifted.status).toBe(200);
    expect(await lifted.json()).toMatchObject({ reinstated: true, cloud: "reinstated", agent: { terminated: false }, control: { seq: 3, kind: "agent.reinstate" } });
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("ALLOW");
  });

  it("an agent never decided in the cloud can be terminated, and reinstated for the devices that hold its TERMINATE", async () => {
    const t = await createTenant("terminate-new");
    const res = await post("/v2/agents/device-only/terminate", t.keys.operator, { reason: "seen misbehaving on the floor" });
    expect(res.status).toBe(200);
    expect((await evaluate(t.keys.agent, action("device-only"))).body.decision).toBe("TERMINATE");
    const never = await post("/v2/agents/never-seen/reinstate", t.keys.operator, { reason: "lift it on the devices" });
    expect(never.status).toBe(200);
    expect(await never.json()).toMatchObject({ reinstated: true, cloud: "unknown_agent", agent: null, control: { kind: "agent.reinstate" } });
  });

  it("only operators and admins terminate; bad bodies are refused", async () => {
    const t = await createTenant("terminate-roles");
    expect((await post("/v2/agents/arm-1/terminate", t.keys.auditor, { reason: "x" })).status).toBe(403);
    expect((await post("/v2/agents/arm-1/terminate", t.keys.agent, { reason: "x" })).status).toBe(403);
    expect((await post("/v2/agents/arm-1/terminate", t.keys.operator, {})).status).toBe(422);
    expect((await post("/v2/agents/arm-1/terminate", t.keys.operator, { reason: "x", extra: 1 })).status).toBe(422);
  });
});

describe("controls reach devices over /v2/sync", { timeout: 30_000 }, () => {
  it("a connected device gets each control signed by the policy key, in seq order; on reconnect only what it has not applied", async () => {
    const t = await createTenant("controls-sync");
    const signer = await enrol(t.keys.operator, "robot-1");
    const trusted = await trustedKeys(t.keys.auditor);
    // Issued while the device is offline: delivered when it connects.
    await post("/v2/agents/arm-1/terminate", t.keys.operator, { reason: "offline terminate" });
    const client = await connect(t.tenant);
    expect(await authenticate(client, t.tenant, "robot-1", signer, 0, 0)).toEqual({ type: "ready", seq: 1 });
    const pending = await verifyFleetControl(await nextControl(client), trusted, t.tenant);
    expect(pending).toMatchObject({ seq: 1, kind: "agent.terminate", agent_id: "arm-1", reason: "offline terminate", actor_key_id: t.keyIds.operator });
    client.send({ type: "control_ack", seq: 1 });

    // Issued while connected: pushed at once.
    await post("/v2/emergency-stop", t.keys.operator, { reason: "drill" });
    const live = await verifyFleetControl(await nextControl(client), trusted, t.tenant);
    expect(live).toMatchObject({ seq: 2, kind: "estop.engage", reason: "drill" });
    client.send({ type: "control_ack", seq: 2 });
    // The fleet view shows what the device acknowledged (written after the ack: poll).
    let acked: number | undefined;
    for (let i = 0; i < 80 && acked !== 2; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const fleet = (await (await api("/v2/fleet", { key: t.keys.auditor })).json()) as { devices: { device_id: string; control_seq?: number }[] };
      acked = fleet.devices.find((d) => d.device_id === "robot-1")?.control_seq;
    }
    expect(acked).toBe(2);
    client.ws.close(1000, "going offline");

    await post("/v2/agents/arm-1/reinstate", t.keys.operator, { reason: "ok again" });
    await api("/v2/emergency-stop", { method: "DELETE", key: t.keys.operator });
    const again = await connect(t.tenant);
    expect((await authenticate(again, t.tenant, "robot-1", signer, 1, 2)).type).toBe("ready");
    const seqs: number[] = [];
    for (let i = 0; i < 2; i++) seqs.push((await verifyFleetControl(await nextControl(again), trusted, t.tenant)).seq);
    expect(seqs).toEqual([3, 4]);
    again.ws.close(1000, "done");
  });
});
