/**
 * Publishing: turning the CRDT's active pointer (and canary version) into signed bundles. The pointer
 * carries the bundle `seq` its activation assigned, so every region signs byte-identical bundles for it
 * (Ed25519 is deterministic, the key is shared). When concurrent activations in two regions left the winning
 * pointer with a seq this store already used for other content, or below one it already published, the
 * store re-issues the winner under a fresh seq: consumers only ever see seqs grow.
 */
import {
  createBundle,
  signBundle,
  validatePolicyDocument,
  type PolicyBundle,
  type PolicyDocumentVersion,
  type Signer,
} from "@nethical/core";
import { activeBundle, bundleBySeq } from "./bundle-table.ts";

/** What the store must do for the active channel. */
export type ActivePlan =
  | { kind: "none" }
  | { kind: "publish"; bundle: PolicyBundle }
  | { kind: "reissue"; seq: number };

/**
 * Build (unsigned) the bundle for version `doc` under `seq`.
 *
 * @example
 * const bundle = await bundleFor("acme", doc, 7);
 */
export function bundleFor(tenant: string, doc: PolicyDocumentVersion, seq: number): Promise<PolicyBundle> {
  return createBundle(tenant, seq, validatePolicyDocument(doc.policy));
}

/**
 * Decide what the active pointer (`doc` at `seq`) requires, given the bundles already published here.
 *
 * @example
 * const plan = await planActive(sql, "acme", active, highestSeq(state));
 */
export async function planActive(
  sql: SqlStorage,
  tenant: string,
  active: { doc: PolicyDocumentVersion; seq: number } | null,
  highestKnownSeq: number,
): Promise<ActivePlan> {
  if (active === null) return { kind: "none" };
  const top = activeBundle(sql);
  const bundle = await bundleFor(tenant, active.doc, active.seq);
  if (top === null || active.seq > top.seq) return { kind: "publish", bundle };
  const same = bundleBySeq(sql, active.seq);
  if (active.seq === top.seq && same !== null && same.hash === bundle.hash) return { kind: "none" };
  if (top.hash === bundle.hash && active.seq < top.seq) return { kind: "none" };
  return { kind: "reissue", seq: Math.max(top.seq, highestKnownSeq) + 1 };
}

/**
 * Sign a bundle with the store's signer.
 *
 * @example
 * const signed = await signed(bundle, await policySigner(env));
 */
export function signed(bundle: PolicyBundle, signer: Signer): Promise<PolicyBundle> {
  return signBundle(bundle, signer);
}
