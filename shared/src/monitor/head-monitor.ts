/**
 * P4, the audit log only grows: each new tree head is checked against the previous one before it is signed
 * or accepted — its size is not smaller, and a consistency proof (RFC 9162) from the previous head's root
 * to the new root verifies (same size: same root). Pure; remembers one head.
 */
import { verifyConsistency } from "../merkle/verify-consistency.ts";
import type { Violation } from "./properties.ts";

/** A tree head as the monitor needs it. */
export interface HeadFacts {
  tree_size: number;
  root: Uint8Array;
}

/**
 * Whether `next` may follow `previous`: [] when it may, else the P4 violation. `proof` is
 * PROOF(previous.tree_size, next) from the log (ignored when the previous tree was empty or `next` is smaller).
 *
 * @example
 * checkHeadGrowth(prevHead, nextHead, log.consistencyProof(prevHead.tree_size, nextHead.tree_size)); // []
 */
export function checkHeadGrowth(previous: HeadFacts | null, next: HeadFacts, proof: readonly Uint8Array[]): Violation[] {
  if (previous === null || previous.tree_size === 0) return [];
  if (next.tree_size < previous.tree_size) return [{ property: "P4", detail: `tree size went down from ${previous.tree_size} to ${next.tree_size}` }];
  const verdict = verifyConsistency({ size1: previous.tree_size, size2: next.tree_size, root1: previous.root, root2: next.root, proof });
  return verdict.ok ? [] : [{ property: "P4", detail: `head of size ${next.tree_size} is not consistent with the previous head of size ${previous.tree_size}: ${verdict.reason}` }];
}

/** A monitor that remembers the last accepted head. */
export class HeadMonitor {
  #last: HeadFacts | null;
  #violations = 0;

  /**
   * @example
   * const heads = new HeadMonitor(null);
   */
  constructor(last: HeadFacts | null = null) {
    this.#last = last;
  }

  /**
   * Check `next` against the last accepted head; accept it when it passes.
   *
   * @example
   * heads.observe({ tree_size: log.size, root: log.root() }, (from) => log.consistencyProof(from, log.size)); // []
   */
  observe(next: HeadFacts, proofFrom: (size1: number) => readonly Uint8Array[]): Violation[] {
    const last = this.#last;
    const proof = last !== null && last.tree_size > 0 && next.tree_size >= last.tree_size && next.tree_size !== last.tree_size ? proofFrom(last.tree_size) : [];
    const out = checkHeadGrowth(last, next, proof);
    if (out.length === 0) this.#last = next;
    else this.#violations += out.length;
    return out;
  }

  get violations(): number {
    return this.#violations;
  }
}
