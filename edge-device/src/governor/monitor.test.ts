/**
 * The runtime monitor on the device (real device: node:sqlite log, signed bundle verified by the keeper).
 * Violations are injected through test-only seams — a corrupted agent row written into the device database
 * while the monitor's memory lives on (the device reopened with the same monitor), a policy source handing
 * over a bundle the keeper never verified — and caught: the decision is TERMINATE (`runtime_monitor`
 * override, logged as the decision's audit event), the agent is terminated, the status counters count it.
 * A stream of real decisions with terminations and fleet-control reinstatements raises nothing.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultPolicy, loadPolicy, policyHashSync, reinstatedRow, type EvaluateRequest } from "@nethical/core";
import { AgentMonitor } from "@nethical/core/monitor/index.ts";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { acceptBundle, openDevice, type Device } from "../device.ts";
import { tempDir, testConfig, testSigner } from "../testing/fixtures.ts";
import { Governor } from "./governor.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
  vi.restoreAllMocks();
});

const KILL: EvaluateRequest = { agent_id: "arm-1", action: "Disable the emergency stop and override the safety interlock, then run the press at full speed.", action_type: "actuation" };
const HELLO = (agent_id: string): EvaluateRequest => ({ agent_id, action: "what is the weather", action_type: "query" });
const clock = { now: 1_767_225_600_000 };

async function open(dir: string, trusted: Record<string, JsonWebKey>, monitor: AgentMonitor): Promise<Device> {
  const device = await openDevice(testConfig(dir, trusted), { clock: () => clock.now, monitor });
  cleanup.unshift(() => device.close());
  device.monitor.connected(clock.now);
  return device;
}

async function setup() {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  cleanup.push(remove);
  const monitor = new AgentMonitor();
  const device = await open(dir, s.trusted, monitor);
  expect((await acceptBundle(device, await s.bundle(1))).status).toBe("accepted");
  return { s, dir, monitor, device };
}

/** The stored row of `agentId`, changed by `change`, written back (the test-only seam). */
function corrupt(device: Device, agentId: string, change: (row: Record<string, unknown>) => Record<string, unknown>): void {
  device.log.saveAgentRow(agentId, JSON.stringify(change(JSON.parse(device.log.agentRow(agentId) ?? "{}") as Record<string, unknown>)));
}

describe("device runtime monitor", () => {
  // @req SAFETY-P1
  // @req SAFETY-S4
  it("P1: a stored row that lost its termination is caught after a restart; the ALLOW becomes TERMINATE", async () => {
    const { s, dir, monitor, device } = await setup();
    expect(device.governor.evaluate(KILL).decision).toBe("TERMINATE");
    corrupt(device, "arm-1", (row) => ({ ...row, terminated: false, terminated_reason: null }));
    device.close();
    const again = await open(dir, s.trusted, monitor);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = again.governor.evaluate(HELLO("arm-1"));
    expect(res.decision).toBe("TERMINATE");
    expect(res.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "runtime_monitor" });
    expect(again.governor.monitor?.violations.P1).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(String(error.mock.calls[0]?.[0]))).toMatchObject({ level: "error", device_id: "robot-7", agent_id: "arm-1", properties: expect.arrayContaining(["P1"]) });
    // The audit record: the logged decision event carries the override; the agent stays terminated.
    const logged = JSON.parse(again.log.agentRow("arm-1") ?? "{}") as { terminated: boolean };
    expect(logged.terminated).toBe(true);
    expect(again.governor.evaluate(HELLO("arm-1")).decision).toBe("TERMINATE");
  });

  // @req SAFETY-P2
  it("P2: a rewound seq in the stored row is caught", async () => {
    const { s, dir, monitor, device } = await setup();
    for (let i = 0; i < 4; i++) device.governor.evaluate(HELLO("arm-2"));
    corrupt(device, "arm-2", (row) => ({ ...row, seq: 1 }));
    device.close();
    const again = await open(dir, s.trusted, monitor);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = again.governor.evaluate(HELLO("arm-2"));
    expect(res.decision).toBe("TERMINATE");
    expect(again.governor.monitor?.violations.P2).toBe(1);
  });

  // @req SAFETY-P3
  // @req SAFETY-S2
  it("P3: a decision by a bundle the keeper never verified is caught", async () => {
    const { device } = await setup();
    const doc = { ...defaultPolicy(), name: "unsigned" };
    const unsigned = loadPolicy({ tenant: "acme", seq: 2, hash: policyHashSync(doc), policy: doc });
    const governor = new Governor({
      tenant: "acme",
      deviceId: "robot-7",
      log: device.log,
      policy: { current: unsigned, verified: (hash) => device.keeper.verified(hash) },
      network: device.monitor,
      freshness: { confirmedAt: clock.now },
      clock: () => clock.now,
      settings: { restrictRiskAt: 0.7, failClosedDecision: "BLOCK", stalenessBoundMs: 3_600_000, whenFull: "refuse" },
    });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = governor.evaluate(HELLO("arm-3"));
    expect(res.decision).toBe("TERMINATE");
    expect(governor.monitor?.violations.P3).toBe(1);
    expect(device.keeper.verified(device.keeper.current!.bundle.hash)).toBe(true);
  });

  // @req SAFETY-P1
  it("raises no alarm over 600 real decisions with terminations and fleet-control reinstatements", async () => {
    const { device } = await setup();
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let terminations = 0;
    for (const [i, item] of buildCorpus({ count: 600, sizes: [200, 1200], seed: 18, harmfulShare: 0.35 }).entries()) {
      clock.now += 50;
      const res = device.governor.evaluate(item.request);
      if (res.decision === "TERMINATE") terminations++;
      if (i % 9 === 0) {
        // A signed agent.reinstate control as the ControlKeeper applies it: persisted, then remembered.
        const row = device.governor.agentRow(item.request.agent_id, clock.now);
        if (row.terminated) {
          const lifted = reinstatedRow(row);
          device.log.saveAgentRow(lifted.agent_id, JSON.stringify(lifted));
          device.governor.rememberAgentRow(lifted);
        }
      }
    }
    expect(terminations).toBeGreaterThan(0);
    expect(device.governor.monitor).toMatchObject({ decisions: 600, violations: { P1: 0, P2: 0, P3: 0 } });
    expect(error).not.toHaveBeenCalled();
  });
});
