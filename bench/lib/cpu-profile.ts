/**
 * Reading a V8 CPU profile (the `.cpuprofile` JSON that `node --cpu-prof` writes): how long the process
 * spent inside each named function, callees included (inclusive time), so a start-up can be split into
 * its phases. Each sample counts once per name on its stack (recursion is not counted twice).
 */

/** The parts of a `.cpuprofile` this module reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Inclusive milliseconds per function name in `names` (0 when the name never appears), and the total
 * sampled time. Pseudo-frames count like functions: "(garbage collector)", "(idle)", "(program)".
 *
 * @example
 * const { total_ms, by_name } = inclusiveMs(profile, ["openDevice", "(garbage collector)"]);
 * by_name.openDevice; // ms spent in openDevice and everything it called
 */
export function inclusiveMs(profile: CpuProfile, names: readonly string[]): { total_ms: number; by_name: Record<string, number> } {
  const parent = new Map<number, number>();
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    nameOf.set(node.id, node.callFrame.functionName);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const wanted = new Set(names);
  const us = new Map<string, number>(names.map((n) => [n, 0]));
  let total = 0;
  profile.samples.forEach((leaf, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const name = nameOf.get(id) ?? "";
      if (wanted.has(name) && !seen.has(name)) {
        seen.add(name);
        us.set(name, (us.get(name) ?? 0) + dt);
      }
    }
  });
  const ms = (v: number) => Math.round(v / 100) / 10;
  return { total_ms: ms(total), by_name: Object.fromEntries([...us].map(([n, v]) => [n, ms(v)])) };
}
