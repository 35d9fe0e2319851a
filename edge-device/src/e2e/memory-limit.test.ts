/**
 * A memory budget enforced the way an init system enforces it (systemd `MemoryMax=`): the shipped device
 * process (the build of edge-device/scripts/build.ts, started through its launcher as bench/edge-memory.ts
 * starts it) runs inside a fresh cgroup v1 memory group (memory + swap limited), on a 1k-rule bundle,
 * syncing with and uploading to a reference server; 1,000 decisions over its local API and a second 1k-rule
 * bundle reloaded half way. Every decision must be answered and the OOM killer must not fire.
 *
 * The target is 64 MiB. Started as the shipped systemd unit starts it (deploy/nethical-edge.service, read
 * by src/service-unit.ts: MALLOC_ARENA_MAX=1, --v8-pool-size=1, --max-old-space-size=32, MemoryMax=64M) it
 * passed 26 of 26 runs on 2026-12-07, 12 of them while 2 or 4 busy loops kept both cores busy (anonymous
 * memory at the end 42-44 MiB). Before the sync client (ws) and the uploader (node:http) stopped loading
 * undici, Node's fetch and WebSocket, the same runs were OOM-killed a second after the start in most runs
 * under load (6 of 7) and in some on an idle machine, and the unit shipped 80M. This test holds whatever
 * the unit says.
 *
 * Started plainly it passed 64 MiB in 10 of 11 runs (one OOM kill at the bundle reload) and 72 MiB in 8 of
 * 8; this test holds 80 MiB for that form. With every page of the binary charged (an uncached private
 * copy) it passed 112 MiB 4 of 4 and thrashed at 96 MiB in half the runs (re-reading its code, too slow to
 * finish); this test holds 128 MiB. `npm run bench:edge` records the limits tried in
 * bench/results/edge.json `memory_limit`. Lower these when the device gets smaller.
 *
 * Two ways of charging the Node binary's pages: the pinned binary after dropping the page cache (pages
 * other Node processes, this test runner included, keep mapped are not charged to the device), and an
 * uncached private copy of the binary (every page the device touches is charged to it). Skips, saying why,
 * where memory cgroups cannot be made (not root, cgroup v2 only, read-only).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDevice } from "@nethical/edge-device/scripts/build";
import { tempDir } from "../testing/fixtures.ts";
import { memoryCgroupSupport } from "../testing/memory-cgroup.ts";
import { runUnderMemoryLimit, type MemoryLimitRun } from "../testing/memory-limit-run.ts";
import { SERVICE_UNIT_FILE, serviceSettings } from "../service-unit.ts";

const support = memoryCgroupSupport();
if (!support.ok) console.log(`memory-limit test skipped: ${support.reason}`);

const out = tempDir("nethical-edge-memlimit-build-");
let entry = "";
beforeAll(async () => {
  if (support.ok) entry = await buildDevice(join(out.dir, "nethical-edge.mjs"));
}, 60_000);
afterAll(() => out.remove());

const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
function report(r: MemoryLimitRun): void {
  console.log(
    JSON.stringify({
      limit_mib: r.limit_mib,
      binary: r.binary,
      drop_caches: r.drop_caches,
      answered: r.answered,
      oom_kill: r.cgroup.oom_kill,
      failcnt: r.cgroup.failcnt,
      max_usage_mib: mib(r.cgroup.max_usage_bytes),
      rss_mib: mib(r.cgroup.stat.rss ?? 0),
      cache_mib: mib(r.cgroup.stat.cache ?? 0),
      mapped_file_mib: mib(r.cgroup.stat.mapped_file ?? 0),
      proc_rss_mb: r.rss_mb,
      exit: r.exit,
    }),
  );
}

/** The shipped systemd unit: its settings and MemoryMax. */
const UNIT = serviceSettings(readFileSync(SERVICE_UNIT_FILE, "utf8"));

/** Limits a step above the smallest that passed every measured run, for the plainly started device. */
const HELD_MIB = { shared: 80, private: 128 };

function expectSurvived(r: MemoryLimitRun, limitMib: number): void {
  expect(r.error).toBeNull();
  expect(r.started).toBe(true);
  expect(r.reloaded).toBe(true);
  expect(r.answered).toBe(1000);
  expect(r.cgroup.limit_bytes).toBe(limitMib * 1024 * 1024);
  expect(r.cgroup.oom_kill ?? 0).toBe(0);
  expect(r.oom_killed).toBe(false);
  // Stopped by our SIGTERM and shut down cleanly, not killed.
  expect(r.exit).toEqual({ code: 0, signal: null });
  // The group really held the device: it was charged for its anonymous memory.
  expect(r.cgroup.stat.rss ?? 0).toBeGreaterThan(10 * 1024 * 1024);
  expect(r.cgroup.max_usage_bytes).toBeLessThanOrEqual(limitMib * 1024 * 1024);
}

describe.skipIf(!support.ok)("the shipped device in a memory cgroup", () => {
  it(`answers 1,000 decisions and a bundle reload in ${HELD_MIB.shared} MiB, no OOM kill (pinned Node binary, page cache dropped first)`, async () => {
    const r = await runUnderMemoryLimit({ limitMib: HELD_MIB.shared, entry, binary: "shared" });
    report(r);
    expectSurvived(r, HELD_MIB.shared);
  }, 120_000);

  it(`does the same under the shipped systemd unit's settings and MemoryMax (deploy/nethical-edge.service: ${UNIT.memoryMaxMib} MiB)`, async () => {
    const limit = UNIT.memoryMaxMib ?? 0;
    const r = await runUnderMemoryLimit({ limitMib: limit, entry, binary: "shared", nodeArgs: UNIT.nodeArgs, env: UNIT.env });
    report(r);
    expectSurvived(r, limit);
  }, 120_000);

  it(`does the same in ${HELD_MIB.private} MiB with every page of the Node binary it touches charged to it (uncached private copy)`, async () => {
    const r = await runUnderMemoryLimit({ limitMib: HELD_MIB.private, entry, binary: "private" });
    report(r);
    if (r.binary_resident_bytes_before !== null) expect(r.binary_resident_bytes_before).toBe(0);
    expectSurvived(r, HELD_MIB.private);
    // The binary's pages were charged here: the page cache charged to the group holds mapped code.
    expect(r.cgroup.stat.mapped_file ?? 0).toBeGreaterThan(10 * 1024 * 1024);
  }, 120_000);
});
