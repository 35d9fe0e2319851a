/**
 * The sync protocol model (sync.pml) checked with SPIN: every property holds on the real model (exhaustive
 * search, no errors), and every planted bug (mutants.ts) is found with the violation expected. Needs the
 * Debian packages `spin` and `gcc`: under CI=true their absence fails the suite; elsewhere it is skipped.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkModel, parsePanReport, spinAvailable, type SpinCheck, type SpinResult } from "./spin-runner.ts";
import { MUTANTS, mutate } from "./mutants.ts";

const MODEL = readFileSync(fileURLToPath(new URL("./sync.pml", import.meta.url)), "utf8");
const AVAILABLE = spinAvailable();
const IN_CI = process.env.CI === "true";
const TIMEOUT_MS = 300_000;

/** The checks of the real model, one per property group (README.md, "Properties"). */
const CHECKS: { id: string; properties: string; check: SpinCheck }[] = [
  { id: "S-safety", properties: "P1 P2 P5 (assertions) + no invalid end state", check: { mode: "safety" } },
  { id: "L-bundle_live", properties: "P3", check: { mode: "liveness", claim: "bundle_live" } },
  { id: "L-terminate_kept", properties: "P4", check: { mode: "liveness", claim: "terminate_kept" } },
  { id: "L-controls_live", properties: "P4 (every control)", check: { mode: "liveness", claim: "controls_live" } },
];

function summary(id: string, r: SpinResult): string {
  return `${id}: errors ${r.errors}, ${r.statesStored} states stored, ${r.transitions} transitions, depth ${r.depth}, ${r.memoryMb} MB, ${r.seconds} s`;
}

describe("pan report parsing", () => {
  it("reads errors, states, transitions, depth, memory, time and the violation", () => {
    const report = [
      "pan:1: assertion violated sig (at depth 12)",
      "State-vector 120 byte, depth reached 12, errors: 1",
      "        5 states, stored",
      "       11 transitions (= stored+matched)",
      "  128.195\ttotal actual memory usage",
      "pan: elapsed time 0.01 seconds",
      "",
    ].join("\n");
    expect(parsePanReport(report)).toEqual({ errors: 1, statesStored: 5, transitions: 11, depth: 12, memoryMb: 128.195, seconds: 0.01, violation: "assertion violated sig" });
  });

  it("mutate refuses a change whose text is not in the model exactly once", () => {
    expect(() => mutate(MODEL, { id: "none", find: "no such text in the model", replace: "" })).toThrow(/occurs 0 times/);
    expect(() => mutate(MODEL, { id: "many", find: "faults++", replace: "" })).toThrow(/occurs \d+ times/);
  });
});

describe("SPIN and gcc", () => {
  it.runIf(IN_CI)("are installed (CI=true: required)", () => {
    expect(AVAILABLE, "install the Debian packages spin and gcc (.ci/run does)").toBe(true);
  });
});

describe.skipIf(!AVAILABLE)(`sync protocol model (sync.pml)${AVAILABLE ? "" : " — SKIPPED: spin or gcc not on PATH (apt-get install spin gcc)"}`, () => {
  for (const { id, properties, check } of CHECKS) {
    // @req SAFETY-P1 SAFETY-P3 SAFETY-S1 SAFETY-S2 SAFETY-S3 SAFETY-S4 SAFETY-S5
    it(
      `${id}: ${properties} hold — exhaustive search, no error`,
      () => {
        const r = checkModel(MODEL, check);
        console.log(summary(id, r));
        expect(r.errors, r.report).toBe(0);
        expect(r.violation).toBeNull();
        expect(r.statesStored).toBeGreaterThan(10_000);
        // The report must say the search was full (no bitstate hashing, no truncation).
        expect(r.report).toMatch(/Full statespace search/);
      },
      TIMEOUT_MS,
    );
  }

  for (const mutant of MUTANTS) {
    // @req SAFETY-P1 SAFETY-P3 SAFETY-S1 SAFETY-S2 SAFETY-S3 SAFETY-S4 SAFETY-S5
    it(
      `${mutant.id} (${mutant.property}): SPIN finds the planted bug — ${mutant.bug}`,
      () => {
        const r = checkModel(mutate(MODEL, mutant), mutant.check, { optimize: "-O0" });
        console.log(summary(mutant.id, r), "|", r.violation);
        expect(r.errors).toBeGreaterThan(0);
        expect(r.violation).toContain(mutant.expect);
        // The counterexample replays with `spin -t` to the same violation.
        expect(r.trail).not.toBeNull();
        if (mutant.check.mode === "safety") expect(r.trail).toMatch(/assertion violated/);
        else expect(r.trail).toMatch(new RegExp(`proc  - \\(${mutant.check.claim}:1\\)`));
      },
      TIMEOUT_MS,
    );
  }
});
