import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { defaultPolicy } from "@nethical/core";
import { dataPaths } from "../config.ts";
import { acceptBundle } from "../device.ts";
import { tempDir, testConfig, testDevice, testSigner } from "../testing/fixtures.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

async function setup() {
  const s = await testSigner("acme");
  const { dir, remove } = tempDir();
  const config = testConfig(dir, s.trusted);
  const opened = await testDevice(config);
  cleanup.push(() => {
    opened.device.close();
    remove();
  });
  return { s, config, ...opened };
}

describe("bundles: tampered, rolled back, foreign or unsigned ones are refused", () => {
  // @req SAFETY-P3
  // @req REQ-BUNDLE-SIGNATURE
  it("refuses a tampered bundle and keeps the last-known-good", async () => {
    const { s, device } = await setup();
    expect((await acceptBundle(device, await s.bundle(1))).status).toBe("accepted");
    const b2 = await s.bundle(2);
    const tampered = { ...b2, policy: { ...(b2.policy as object), default: { decision: "ALLOW" }, rules: [] } };
    const r = await acceptBundle(device, tampered);
    expect(r).toMatchObject({ status: "refused", code: "bad_signature" });
    expect(device.keeper.seq).toBe(1);
  });

  // @req SAFETY-S1
  it("refuses a rolled-back (older or equal seq, other content) bundle", async () => {
    const { s, device } = await setup();
    await acceptBundle(device, await s.bundle(5));
    expect(await acceptBundle(device, await s.bundle(4))).toMatchObject({ status: "refused", code: "stale_seq" });
    const other = { ...defaultPolicy(), name: "other" };
    expect(await acceptBundle(device, await s.bundle(5, other))).toMatchObject({ status: "refused", code: "stale_seq" });
    expect(await acceptBundle(device, await s.bundle(5))).toMatchObject({ status: "unchanged", seq: 5 });
    expect(device.keeper.seq).toBe(5);
  });

  // @req SAFETY-P3
  // @req SAFETY-S2
  it("refuses another tenant's bundle and an unknown signing key", async () => {
    const { s, device } = await setup();
    expect(await acceptBundle(device, await s.bundle(1, defaultPolicy(), "globex"))).toMatchObject({ status: "refused", code: "wrong_tenant" });
    const stranger = await testSigner("acme", "policy-stranger");
    expect(await acceptBundle(device, await stranger.bundle(2))).toMatchObject({ status: "refused", code: "unknown_key" });
    expect(device.keeper.current).toBeNull();
  });

  it("persists the accepted bundle and works from it after a restart", async () => {
    const { s, config, device } = await setup();
    await acceptBundle(device, await s.bundle(3));
    device.close();
    const again = await testDevice(config);
    cleanup.push(() => again.device.close());
    expect(again.device.keeper.seq).toBe(3);
    expect(again.device.governor.evaluate({ agent_id: "a", action: "hi", action_type: "query" }).bundle.seq).toBe(3);
  });

  // @req SAFETY-S1
  it("refuses, at start, a bundle file swapped for an older signed one or edited on disk", async () => {
    const { s, config, device } = await setup();
    await acceptBundle(device, await s.bundle(3));
    device.close();
    const file = dataPaths(config).bundle;
    writeFileSync(file, JSON.stringify(await s.bundle(2)));
    const rolledBack = await testDevice(config);
    expect(rolledBack.device.keeper.current).toBeNull();
    expect(rolledBack.device.keeper.lastRefusal?.code).toBe("stale_seq");
    rolledBack.device.close();

    const good = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...good, seq: 9 }));
    const edited = await testDevice(config);
    cleanup.push(() => edited.device.close());
    expect(edited.device.keeper.current).toBeNull();
    expect(edited.device.governor.evaluate({ agent_id: "a", action: "hi", action_type: "query" }).fail_closed).toBe("no_bundle");
  });
});
