/**
 * Test support: an independent model of add-wins membership, written from the definition (an element is
 * present iff some add of it was not observed by any remove) without the CRDT's data structures. Each
 * replica's knowledge is the set of adds it has heard of and the adds it has heard were removed.
 */

/** What one replica knows: add id → element, and the add ids known to be removed. */
export interface ModelKnowledge {
  readonly adds: ReadonlyMap<string, string>;
  readonly removed: ReadonlySet<string>;
}

/**
 * Knowing nothing.
 *
 * @example
 * const k = emptyKnowledge(); // k.adds.size === 0
 */
export function emptyKnowledge(): ModelKnowledge {
  return { adds: new Map(), removed: new Set() };
}

/**
 * Knowledge after adding `element` as add `addId`.
 *
 * @example
 * modelAdd(emptyKnowledge(), "add-1", "p1").adds.get("add-1"); // "p1"
 */
export function modelAdd(k: ModelKnowledge, addId: string, element: string): ModelKnowledge {
  return { adds: new Map([...k.adds, [addId, element]]), removed: k.removed };
}

/**
 * Knowledge after removing `element`: every add of it known here is removed.
 *
 * @example
 * modelPresent(modelRemove(modelAdd(emptyKnowledge(), "a1", "p1"), "p1")); // []
 */
export function modelRemove(k: ModelKnowledge, element: string): ModelKnowledge {
  const removed = new Set(k.removed);
  for (const [add, el] of k.adds) if (el === element) removed.add(add);
  return { adds: k.adds, removed };
}

/**
 * Union of two replicas' knowledge (what a delivered message conveys).
 *
 * @example
 * modelJoin(a, b).adds.size >= a.adds.size; // true
 */
export function modelJoin(a: ModelKnowledge, b: ModelKnowledge): ModelKnowledge {
  return { adds: new Map([...a.adds, ...b.adds]), removed: new Set([...a.removed, ...b.removed]) };
}

/**
 * The elements present by the definition, sorted.
 *
 * @example
 * modelPresent(modelAdd(emptyKnowledge(), "a1", "p1")); // ["p1"]
 */
export function modelPresent(k: ModelKnowledge): string[] {
  const present = new Set<string>();
  for (const [add, el] of k.adds) if (!k.removed.has(add)) present.add(el);
  return [...present].sort();
}
