import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { riskFeatures, riskScore, scanRequest, type Condition } from "@nethical/core";
import { runDetectors } from "@nethical/core/detectors/run.ts";
import { compileCondition } from "@nethical/core/policy/compile-condition.ts";
import { WorkBudget } from "@nethical/core/policy/context.ts";
import { arbAgent, arbRequest } from "@nethical/core/policy/testing/requests.ts";
import { arbCondition } from "@nethical/core/policy/testing/rules.ts";
import { createEncoding } from "./encode.ts";
import { checkWithin, shutdownZ3, z3Context } from "./z3.ts";

afterAll(shutdownZ3);

let shared: { enc: ReturnType<typeof createEncoding>; solver: InstanceType<Awaited<ReturnType<typeof z3Context>>["Solver"]>; added: number } | undefined;

/**
 * Whether the encoding calls `when` unsatisfiable (UNSAT within 5 s; unknown counts as "not proven"). When
 * z3's WASM trapped (checkWithin's `crashed`), the query is asked once more of a fresh module.
 */
async function provenUnsat(when: Condition, retry = true): Promise<boolean> {
  if (shared === undefined) {
    const z = await z3Context();
    shared = { enc: createEncoding(z, [0.3, 0.8, 0.9]), solver: new z.Solver(), added: 0 };
  }
  const term = shared.enc.condition(when);
  // Fields are created as conditions name them: assert their domain facts once, as they appear.
  shared.solver.add(...shared.enc.background.slice(shared.added));
  shared.added = shared.enc.background.length;
  const r = await checkWithin(shared.solver, [term], 5000);
  if (r.crashed === true && retry) {
    shared = undefined;
    return provenUnsat(when, false);
  }
  return r.answer === "unsat";
}

describe("a z3 WASM trap is the answer unknown, not a crash", () => {
  it("returns unknown, flagged crashed, when the solver traps, and a fresh context answers afterwards", async () => {
    // A solver whose check traps as z3's WASM build did once on a loaded CI machine (the trap cannot be
    // provoked on demand in the real module).
    const trapping = {
      set: () => undefined,
      push: () => undefined,
      add: () => undefined,
      pop: () => undefined,
      check: async () => {
        throw new WebAssembly.RuntimeError("memory access out of bounds");
      },
    } as unknown as Parameters<typeof checkWithin>[0];
    const r = await checkWithin(trapping, [], 1000);
    expect(r).toMatchObject({ answer: "unknown", crashed: true });
    const z = await z3Context();
    const x = z.Int.const("x");
    expect((await checkWithin(new z.Solver(), [x.gt(1), x.lt(0)], 5000)).answer).toBe("unsat");
  });

  it("rethrows any other error", async () => {
    const failing = { set: () => undefined, push: () => undefined, add: () => undefined, pop: () => undefined, check: async () => Promise.reject(new Error("bad input")) } as unknown as Parameters<typeof checkWithin>[0];
    await expect(checkWithin(failing, [], 1000)).rejects.toThrow("bad input");
  });
});

describe("the encoding is sound (an over-approximation)", () => {
  // @req SAFETY-L1
  it("never proves a condition unsatisfiable that some random request matches under the real predicates", async () => {
    let proven = 0;
    await fc.assert(
      fc.asyncProperty(arbCondition, fc.array(fc.tuple(arbRequest, arbAgent), { minLength: 1, maxLength: 6 }), async (when, inputs) => {
        if (!(await provenUnsat(when))) return;
        proven++;
        const test = compileCondition(when);
        for (const [request, agent] of inputs) {
          const findings = scanRequest(request, runDetectors);
          expect(test({ budget: new WorkBudget(), request, agent, findings, risk: riskScore(riskFeatures(findings, request, agent)) })).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
    expect(proven).toBeGreaterThan(0); // the property was exercised on some UNSAT conditions
  }, 120_000);

  it("proves the textbook contradictions", async () => {
    const never: Condition[] = [
      { any: [] },
      { not: { all: [] } },
      { all: [{ field: "context.x", op: "exists", value: true }, { field: "context.x", op: "exists", value: false }] },
      { all: [{ field: "context.n", op: "gte", value: 10 }, { field: "context.n", op: "lt", value: 10 }, { field: "context.n", op: "exists", value: true }, { not: { field: "context.n", op: "matches", value: "." } }, { not: { field: "context.n", op: "contains", value: "x" } }, { field: "context.n", op: "eq", value: 10 }] },
      { all: [{ field: "action", op: "contains", value: "abc" }, { not: { field: "action", op: "contains", value: "b" } }] },
      { all: [{ risk: { gt: 0.9 } }, { risk: { lt: 0.5 } }] },
      { all: [{ finding: { type: "SECRET", min_count: 3 } }, { not: { finding: { type: "SECRET", min_count: 2 } } }] },
      { all: [{ finding: { type: "PROMPT_INJECTION", in: "inputs" } }, { not: { finding: { type: "PROMPT_INJECTION", in: "any" } } }] },
    ];
    for (const when of never) expect(await provenUnsat(when), JSON.stringify(when)).toBe(true);
    const possible: Condition[] = [
      { all: [{ field: "context.n", op: "gt", value: 1 }, { field: "context.n", op: "lt", value: 2 }] }, // 1.5 (reals)
      { all: [{ finding: { type: "SECRET", in: "inputs" } }, { not: { finding: { type: "SECRET" } } }] }, // only in an input
      { all: [{ field: "context.x", op: "neq", value: 1 }, { field: "context.x", op: "nin", value: ["1"] }] },
    ];
    for (const when of possible) expect(await provenUnsat(when), JSON.stringify(when)).toBe(false);
  }, 60_000);
});
