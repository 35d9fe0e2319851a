/**
 * Crash, with real processes: the device (`nethical-edge start`) is killed with SIGKILL at random moments
 * while deciding, 50 times. After every kill: the SQLite log passes integrity_check, every decision the
 * client received an answer for is in the log, agent seqs have no gaps, and the next start runs from the
 * persisted bundle.
 */
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { dataPaths, parseDeviceConfig } from "../config.ts";
import { acceptBundle, openDevice } from "../device.ts";
import { spawnDevice, writeConfig } from "../testing/device-process.ts";
import { tempDir, testSigner } from "../testing/fixtures.ts";

const KILLS = 50;
const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup) f();
});

describe("crash: SIGKILL while deciding loses no acknowledged decision", () => {
  // @req REQ-DEVICE-OFFLINE-NO-LOSS
  it(`survives ${KILLS} kills at random moments`, async () => {
    const s = await testSigner("acme");
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const raw = { tenant: "acme", device_id: "arm-9", data_dir: dir, trusted_keys: s.trusted, http: { port: 0 } };
    const config = parseDeviceConfig(raw);
    const seed = await openDevice(config);
    expect((await acceptBundle(seed, await s.bundle(3))).status).toBe("accepted");
    seed.close();
    const file = writeConfig(join(dir, "device.json"), raw);

    const acked = new Set<string>();
    let killedMidFlight = 0;
    for (let k = 0; k < KILLS; k++) {
      const device = await spawnDevice(file);
      expect(device.ready.bundle_seq).toBe(3);
      const killAt = Date.now() + 5 + Math.random() * 120;
      let n = 0;
      let inFlight = false;
      const loop = (async () => {
        for (;;) {
          const id = `k${k}-${n++}`;
          inFlight = true;
          try {
            const res = await fetch(`${device.url}/v2/evaluate`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ agent_id: `agent-${n % 4}`, action: `grip object ${n}`, action_type: "actuation", request_id: id }),
            });
            const body = (await res.json()) as { decision_id: string };
            if (res.status === 200 && body.decision_id === id) acked.add(id);
          } catch {
            return; // the process is gone
          } finally {
            inFlight = false;
          }
        }
      })();
      await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
      if (inFlight) killedMidFlight++;
      await device.kill("SIGKILL");
      await loop;

      const db = new DatabaseSync(dataPaths(config).db);
      expect((db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
      const logged = new Set(
        (db.prepare("SELECT body FROM events").all() as { body: string }[]).map((r) => (JSON.parse(r.body) as { decision_id?: string }).decision_id),
      );
      for (const id of acked) expect(logged.has(id), `acknowledged decision ${id} missing after kill ${k}`).toBe(true);
      const seqs = (db.prepare("SELECT agent_id, device FROM events ORDER BY seq").all() as { agent_id: string; device: string }[]).reduce(
        (m, r) => m.set(r.agent_id, [...(m.get(r.agent_id) ?? []), (JSON.parse(r.device) as { agent_seq: number }).agent_seq]),
        new Map<string, number[]>(),
      );
      for (const list of seqs.values()) expect(list).toEqual(list.map((_, i) => i + 1));
      db.close();
    }
    expect(acked.size).toBeGreaterThan(KILLS);
    expect(killedMidFlight).toBeGreaterThan(0);
  }, 240_000);
});
