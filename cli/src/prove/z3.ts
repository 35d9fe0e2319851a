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
 * Drop the loaded module after a WASM trap: its heap is corrupt, so every later call on it would fail too.
 * The next {@link z3Context} loads a fresh one; a solver made from the old one stays broken.
 */
function abandonZ3(): void {
  const old = loading;
  loading = undefined;
  void old?.then((mod) => {
    try {
      mod.em.PThread.terminateAllThreads();
    } catch {
      // the threads of a trapped module may already be gone
    }
  });
}

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
): Promise<{ answer: Answer; ms: number; value?: T; crashed?: true }> {
  const start = performance.now();
  try {
    solver.set("timeout", Math.max(1, Math.floor(timeoutMs)));
    solver.push();
  } catch (error) {
    return afterTrap(error, start);
  }
  let trapped = false;
  try {
    solver.add(...assertions);
    const answer = await solver.check();
    const ms = performance.now() - start;
    if (answer === "sat" && onSat !== undefined) return { answer, ms, value: onSat() };
    return { answer, ms };
  } catch (error) {
    trapped = true;
    return afterTrap(error, start);
  } finally {
    if (!trapped) solver.pop();
  }
}

/**
 * A WASM trap inside z3 ("memory access out of bounds": the WASM build's heap corrupted, a transient failure
 * seen once on a loaded CI machine) is the answer "unknown", flagged `crashed`, and the module is dropped so
 * that the next context is a fresh one; any other error is rethrown.
 */
function afterTrap(error: unknown, start: number): { answer: Answer; ms: number; crashed: true } {
  if (!(error instanceof WebAssembly.RuntimeError)) throw error;
  abandonZ3();
  return { answer: "unknown", ms: performance.now() - start, crashed: true };
}
