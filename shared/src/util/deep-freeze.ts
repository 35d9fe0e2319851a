/**
 * Deep, in-place Object.freeze: used for built-in tables (the law pack) that no caller may mutate.
 */

/**
 * Freeze `value` and everything reachable from it; returns the same value, typed read-only.
 *
 * @example
 * const pack = deepFreeze({ laws: [{ id: 1 }] });
 * Object.isFrozen(pack.laws[0]); // true
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value as DeepReadonly<T>;
}

/** Recursively read-only view of T. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
