/**
 * Reading a policy state: which policies exist, their current documents, the active pointer.
 */
import type { ActivePointer } from "./policy-document.ts";
import { orSetElements, orSetHas } from "./or-set.ts";
import type { PolicyState } from "./policy-state.ts";

/**
 * The ids of the policies that exist, sorted.
 *
 * @example
 * listPolicyIds(state); // ["p1", "p2"]
 */
export function listPolicyIds(state: PolicyState<unknown>): string[] {
  return orSetElements(state.members).sort();
}

/**
 * The current document of `policyId`, or undefined when it is not a member.
 *
 * @example
 * readPolicyDocument(state, "p1")?.version; // 2
 */
export function readPolicyDocument<V>(state: PolicyState<V>, policyId: string): V | undefined {
  return orSetHas(state.members, policyId) ? state.docs.get(policyId)?.value : undefined;
}

/**
 * The active pointer, or null when none is set.
 *
 * @example
 * readActivePointer(state); // { policy_id: "p1", version: 2 }
 */
export function readActivePointer(state: PolicyState<unknown>): ActivePointer | null {
  return state.active?.value ?? null;
}
