/**
 * The z3 WASM solver, loaded once per process (about 0.2 s; the module is 35 MB, which is why it runs in
 * the CLI and CI and not in workerd), and queries with a time budget: a timeout is the answer "unknown".
 */
import { init, type Bool, type Solver } from "z3-solver";
import type { Z3 } from "./encode.ts";

type Z3Module = Awaited<ReturnType<typeof init>>;
let loading: Promise<Z3Module> | undefined;

/**
 * A fresh z3 context (one per proof run; the module is shared).
 *
 * @example
 * const z = await z3Context();
 */
export async function z3Context(): Promise<Z3> {
  loading ??= init();
  const mod = await loading;
  return mod.Context("main");
}

/**
 * Stop z3's worker threads so the process can exit (the CLI calls it when done).
 *
 * @example
 * await shutdownZ3();
 */
export async function shutdownZ3(): Promise<void> {
  if (loading === undefined) return;
  const mod = await loading;
  mod.em.PThread.terminateAllThreads();
  loading = undefined;
}

export type Answer = "sat" | "unsat" | "unknown";

/**
 * Check `assertions` on top of what `solver` holds (push/pop), within `timeoutMs`. `onSat` runs while the
 * model is available.
 *
 * @example
 * const { answer, ms } = await checkWithin(solver, [enc.condition(rule.when)], 2000);
 */
export async function checkWithin<T>(
  solver: Solver<"main">,
  assertions: readonly Bool<"main">[],
  timeoutMs: number,
  onSat?: () => T,
): Promise<{ answer: Answer; ms: number; value?: T }> {
  solver.set("timeout", Math.max(1, Math.floor(timeoutMs)));
  solver.push();
  try {
    solver.add(...assertions);
    const start = performance.now();
    const answer = await solver.check();
    const ms = performance.now() - start;
    if (answer === "sat" && onSat !== undefined) return { answer, ms, value: onSat() };
    return { answer, ms };
  } finally {
    solver.pop();
  }
}
