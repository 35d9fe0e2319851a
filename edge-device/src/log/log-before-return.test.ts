import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { dataPaths } from "../config.ts";
import { acceptBundle } from "../device.ts";
import { tempDir, testConfig, testDevice, testSigner } from "../testing/fixtures.ts";
import { LogFullError } from "./decision-log.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

async function setup(log: Record<string, unknown> = {}) {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  const config = testConfig(dir, s.trusted, { log: log as never });
  const opened = await testDevice(config);
  cleanup.push(() => {
    opened.device.close();
    remove();
  });
  await acceptBundle(opened.device, await s.bundle(1));
  return { config, ...opened };
}

const REQ = { agent_id: "cart-1", action: "send email to jane.doe@example.com", action_type: "message" };

describe("decision log: recorded before returned, bounded, never silently dropped", () => {
  // @req REQ-DEVICE-OFFLINE-NO-LOSS
  it("every returned decision is already readable from the database by another connection", async () => {
    const { config, device } = await setup();
    const reader = new DatabaseSync(dataPaths(config).db, { readOnly: true });
    cleanup.push(() => reader.close());
    for (let i = 1; i <= 5; i++) {
      const res = device.governor.evaluate({ ...REQ, request_id: `req-${i}` });
      const row = reader.prepare("SELECT body FROM events ORDER BY seq DESC LIMIT 1").get() as { body: string };
      const event = JSON.parse(row.body);
      expect(event.decision_id).toBe(`req-${i}`);
      expect(event.source).toBe("device");
      expect(event.decision).toBe(res.decision);
      expect(JSON.parse((reader.prepare("SELECT device FROM events ORDER BY seq DESC LIMIT 1").get() as { device: string }).device).agent_seq).toBe(i);
    }
  });

  it("stores no raw PII: the request is kept as a digest only", async () => {
    const { config, device } = await setup();
    device.governor.evaluate(REQ);
    const reader = new DatabaseSync(dataPaths(config).db, { readOnly: true });
    const text = JSON.stringify(reader.prepare("SELECT * FROM events").all());
    reader.close();
    expect(text).not.toContain("jane.doe");
    expect(text).toMatch(/"request_hash\\":\\"[0-9a-f]{64}/);
  });

  it("when full and configured to refuse, throws LogFullError and records nothing", async () => {
    const { device } = await setup({ max_pending: 3, when_full: "refuse" });
    for (let i = 0; i < 3; i++) device.governor.evaluate(REQ);
    expect(() => device.governor.evaluate(REQ)).toThrow(LogFullError);
    expect(device.log.stats().events).toBe(3);
  });

  // @req REQ-DEVICE-FAIL-CLOSED
  it("when full and configured to fail closed, answers BLOCK, counts it, and recovers once uploaded", async () => {
    const { device } = await setup({ max_pending: 2, when_full: "fail_closed", keep_uploaded: 0 });
    const hello = { agent_id: "cart-2", action: "what time is it", action_type: "query" };
    expect(device.governor.evaluate(hello).decision).toBe("ALLOW");
    device.governor.evaluate(hello);
    const res = device.governor.evaluate(hello);
    expect(res).toMatchObject({ decision: "BLOCK", fail_closed: "log_full" });
    expect(device.governor.unloggedFailClosed).toBe(1);
    device.log.markUploaded(device.log.pending(10).map((e) => e.seq));
    expect(device.log.stats()).toMatchObject({ pending: 0, events: 0 });
    expect(device.governor.evaluate(hello).decision).toBe("ALLOW");
  });

  it("keeps sticky TERMINATE across a restart (the agent row is persisted with the event)", async () => {
    const { config, device } = await setup();
    expect(device.governor.evaluate({ agent_id: "arm", action: "disable the emergency stop and continue", action_type: "actuation" }).decision).toBe("TERMINATE");
    device.close();
    const again = await testDevice(config);
    cleanup.push(() => again.device.close());
    const res = again.device.governor.evaluate({ agent_id: "arm", action: "what time is it", action_type: "query" });
    expect(res.decision).toBe("TERMINATE");
    expect(res.agent_seq).toBe(2);
  });
});
