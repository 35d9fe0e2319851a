import { describe, expect, it } from "vitest";
import { inclusiveMs, type CpuProfile } from "./cpu-profile.ts";

// (root) → start → [verify → importKey, start (recursive) → gc-less leaf], plus a GC sample at the root.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: "(root)" }, children: [2, 6] },
    { id: 2, callFrame: { functionName: "start" }, children: [3, 5] },
    { id: 3, callFrame: { functionName: "verify" }, children: [4] },
    { id: 4, callFrame: { functionName: "importKey" } },
    { id: 5, callFrame: { functionName: "start" } },
    { id: 6, callFrame: { functionName: "(garbage collector)" } },
  ],
  samples: [4, 3, 5, 6, 2],
  timeDeltas: [2000, 1000, 500, 3000, 1500],
};

describe("inclusiveMs", () => {
  it("adds each sample's time to every wanted name on its stack, once per name, callees included", () => {
    const { total_ms, by_name } = inclusiveMs(profile, ["start", "verify", "importKey", "(garbage collector)", "missing"]);
    expect(total_ms).toBe(8);
    expect(by_name).toEqual({ start: 5, verify: 3, importKey: 2, "(garbage collector)": 3, missing: 0 });
  });
});
