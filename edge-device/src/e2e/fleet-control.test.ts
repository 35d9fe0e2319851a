/**
 * Fleet control end to end with real processes: the Worker under `wrangler dev` and the device as its own
 * Node process synced over the real `/v2/sync`. A cloud TERMINATE reaches the device (it refuses the agent),
 * a reinstatement from the cloud lifts it (including a TERMINATE the device decided itself, and one sent
 * while the device was offline), and the emergency stop stops the device and the Worker, then releases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkerDeviceStack, type WorkerDeviceStack } from "../testing/worker-device-stack.ts";
import { until } from "../testing/until.ts";

let stack: WorkerDeviceStack;
beforeAll(async () => {
  stack = await startWorkerDeviceStack("fleet");
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

const ask = (agentId: string) => ({ agent_id: agentId, action: "read the weather forecast", action_type: "query" });

describe("fleet control with wrangler dev and a device process", () => {
  it("a cloud TERMINATE makes the device refuse the agent; the reinstatement makes it allow again", async () => {
    const { call, keys, evaluateOnDevice, evaluateAtWorker, status } = stack;
    expect((await evaluateOnDevice(ask("arm-1"))).decision).toBe("ALLOW");
    const terminated = await call("/v2/agents/arm-1/terminate", keys.operator, { reason: "runaway loop" });
    expect(terminated.control.kind).toBe("agent.terminate");
    const onDevice = await until(() => evaluateOnDevice(ask("arm-1")), (d) => d.decision === "TERMINATE", 15_000);
    expect(onDevice.mode).toBe("ONLINE");
    expect((await evaluateAtWorker(ask("arm-1"))).decision).toBe("TERMINATE");
    expect((await evaluateOnDevice(ask("arm-2"))).decision).toBe("ALLOW");
    expect((await status()).controls.seq).toBe(terminated.control.seq);

    const reinstated = await call("/v2/agents/arm-1/reinstate", keys.operator, { reason: "fixed" });
    await until(() => evaluateOnDevice(ask("arm-1")), (d) => d.decision === "ALLOW", 15_000);
    expect((await evaluateAtWorker(ask("arm-1"))).decision).toBe("ALLOW");
    expect((await status()).controls.seq).toBe(reinstated.control.seq);
  }, 60_000);

  it("a TERMINATE the device decided on its own (the cloud never saw it) is lifted by a reinstatement from the cloud", async () => {
    const { call, keys, evaluateOnDevice, evaluateAtWorker, status } = stack;
    const kill = { id: "kill-switch", when: { field: "context.kill", op: "eq", value: true }, then: { decision: "TERMINATE", reason: "kill switch" } };
    const current = await call("/v2/policies/active?include=policy", keys.operator);
    const published = await call("/v2/policies/active", keys.operator, { ...current.policy, rules: [kill, ...current.policy.rules] }, "PUT");
    await until(status, (s) => s.bundle.seq === published.seq, 15_000);
    expect((await evaluateOnDevice({ ...ask("arm-5"), context: { kill: true } })).decision).toBe("TERMINATE");
    expect((await evaluateOnDevice(ask("arm-5"))).decision).toBe("TERMINATE");
    expect((await evaluateAtWorker(ask("arm-5"))).decision).toBe("ALLOW"); // the cloud never saw it
    const reinstated = await call("/v2/agents/arm-5/reinstate", keys.operator, { reason: "device kill switch was a false alarm" });
    expect(reinstated.cloud).toBe("not_terminated");
    await until(() => evaluateOnDevice(ask("arm-5")), (d) => d.decision === "ALLOW", 15_000);
  }, 60_000);

  it("the emergency stop stops the device and the Worker; released, both allow again", async () => {
    const { call, keys, evaluateOnDevice, evaluateAtWorker, status } = stack;
    await call("/v2/emergency-stop", keys.operator, { reason: "fire alarm in hall 3" });
    const stopped = await until(() => evaluateOnDevice(ask("arm-7")), (d) => d.decision === "TERMINATE", 15_000);
    expect(stopped.violations[0].id).toBe("emergency_stop");
    expect(stopped.explanation.summary).toContain("fire alarm in hall 3");
    expect((await evaluateAtWorker(ask("arm-7"))).decision).toBe("TERMINATE");
    expect((await status()).controls.emergency_stop.reason).toBe("fire alarm in hall 3");
    await call("/v2/emergency-stop", keys.operator, { reason: "cleared" }, "DELETE");
    await until(() => evaluateOnDevice(ask("arm-7")), (d) => d.decision === "ALLOW", 15_000);
    expect((await evaluateAtWorker(ask("arm-7"))).decision).toBe("ALLOW");
  }, 60_000);

  it("a device that was offline applies what it missed, in order, when it reconnects; restarts apply nothing twice", async () => {
    const { call, keys, evaluateOnDevice, status, stopDevice, startDevice } = stack;
    await stopDevice();
    await call("/v2/agents/arm-3/terminate", keys.operator, { reason: "while the device was off" });
    await call("/v2/agents/arm-4/terminate", keys.operator, { reason: "while the device was off" });
    const lifted = await call("/v2/agents/arm-4/reinstate", keys.operator, { reason: "changed my mind" });
    await startDevice();
    await until(status, (s) => s.controls.seq === lifted.control.seq, 15_000);
    expect((await evaluateOnDevice(ask("arm-3"))).decision).toBe("TERMINATE");
    expect((await evaluateOnDevice(ask("arm-4"))).decision).toBe("ALLOW");
    expect((await status()).controls.refusal).toBeNull();
  }, 60_000);
});
