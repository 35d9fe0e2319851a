import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVICE_UNIT_FILE, serviceSettings } from "./service-unit.ts";

describe("the shipped systemd unit (deploy/nethical-edge.service)", () => {
  it("starts the device with the memory settings that were measured, inside a 64 MiB MemoryMax", () => {
    const s = serviceSettings(readFileSync(SERVICE_UNIT_FILE, "utf8"));
    expect(s.memoryMaxMib).toBe(64);
    expect(s.env).toMatchObject({ MALLOC_ARENA_MAX: "1" });
    // no code cache: reading it at start cost the 64 MiB fit (README "Memory and start-up")
    expect(s.env.NETHICAL_EDGE_COMPILE_CACHE).toBeUndefined();
    expect(s.nodeArgs).toEqual(["--v8-pool-size=1", "--max-old-space-size=32"]);
  });

  it("reads several and quoted assignments, sizes with units, and ignores other sections and comments", () => {
    const unit = ['[Unit]', 'Environment=NOT=this', '[Service]', '# Environment=NO=1', 'Environment=A=1 "B=two words"', "ExecStart=/usr/bin/node /x.mjs start --flag", "MemoryMax=1G"].join("\n");
    expect(serviceSettings(unit)).toEqual({ env: { A: "1", B: "two words" }, nodeArgs: [], memoryMaxMib: 1024 });
    expect(serviceSettings("[Service]\nMemoryMax=infinity").memoryMaxMib).toBeNull();
    expect(() => serviceSettings("[Service]\nMemoryMax=lots")).toThrow(/not a size/);
    expect(() => serviceSettings("[Service]\nEnvironment==1")).toThrow(/without a name/);
  });
});
