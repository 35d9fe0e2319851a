/**
 * The lifecycle of a policy version: quarantine → canary (a percentage of agents) → active → deprecated.
 * {@link planTransition} turns a requested transition into the whole-document writes and pointer change the
 * PolicyStore applies, or a refusal. Rollback: asking to activate a deprecated version creates a new
 * version with that version's content and activates it (the seq still grows; old bundles are never
 * replayed). Leaving quarantine requires a document without errors (`gate`).
 */
import type { ActivePointer, PolicyDocumentVersion, PolicyState } from "@nethical/core";
import { activeVersion, canaryVersion, highestSeq, nextVersion, readVersion } from "./policy-versions.ts";

/** The statuses a version can be moved to. */
export type TransitionTarget = PolicyDocumentVersion["status"];

/** Why a transition was refused. */
export type TransitionRefusal = { code: "not_found" | "conflict" | "invalid"; message: string; errors?: unknown[] };

/** What to write: whole version documents, and the new active pointer if any. */
export interface TransitionPlan {
  writes: PolicyDocumentVersion[];
  pointer: ActivePointer | null;
  /** The version that ends up with the requested status (a new one for a rollback). */
  result: PolicyDocumentVersion;
}

/** Errors that keep a version in quarantine (static analysis seam: see policy-gate.ts). */
export type PublishGate = (policy: unknown) => unknown[];

/**
 * Plan moving `policyId` v`version` to `to`. Returns a plan or a refusal.
 *
 * @example
 * const plan = planTransition(state, "payments", 2, "canary", { canaryPercent: 10, gate });
 */
export function planTransition(
  state: PolicyState,
  policyId: string,
  version: number,
  to: TransitionTarget,
  options: { canaryPercent?: number; gate: PublishGate; author?: string },
): TransitionPlan | TransitionRefusal {
  const doc = readVersion(state, policyId, version);
  if (doc === undefined) return { code: "not_found", message: `policy ${policyId} has no version ${version}` };
  const from = doc.status;
  const nextSeq = highestSeq(state) + 1;
  if (from === "quarantine" && to !== "quarantine" && to !== "deprecated") {
    const errors = options.gate(doc.policy);
    if (errors.length > 0) return { code: "invalid", message: "this version has errors and cannot leave quarantine", errors };
  }
  switch (to) {
    case "canary": {
      const percent = options.canaryPercent;
      if (percent === undefined || !(percent > 0 && percent < 100)) {
        return { code: "invalid", message: "a canary needs canary_percent between 0 and 100 (exclusive)" };
      }
      if (from !== "quarantine" && from !== "canary") return { code: "conflict", message: `a ${from} version cannot become a canary` };
      const others = demoteOtherCanaries(state, doc);
      const result = { ...doc, status: "canary" as const, canary_percent: percent, seq: nextSeq };
      return { writes: [...others, result], pointer: null, result };
    }
    case "active": {
      if (from === "active") return { code: "conflict", message: "this version is already active" };
      const source = from === "deprecated" ? { ...doc, version: nextVersion(state, policyId), note: `rollback to v${doc.version}` } : doc;
      const result: PolicyDocumentVersion = { ...withoutCanary(source), status: "active", seq: nextSeq };
      if (options.author !== undefined) result.author = options.author;
      const current = activeVersion(state)?.doc;
      const writes = current !== undefined && !(current.policy_id === policyId && current.version === version)
        ? [{ ...current, status: "deprecated" as const }, result]
        : [result];
      return { writes, pointer: { policy_id: policyId, version: result.version, seq: nextSeq }, result };
    }
    case "deprecated": {
      if (from === "active") return { code: "conflict", message: "the active version cannot be deprecated: activate another version instead" };
      if (from === "deprecated") return { code: "conflict", message: "this version is already deprecated" };
      const result = { ...withoutCanary(doc), status: "deprecated" as const };
      return { writes: [result], pointer: null, result };
    }
    case "quarantine": {
      if (from !== "canary") return { code: "conflict", message: `only a canary can go back to quarantine (this version is ${from})` };
      const result = { ...withoutCanary(doc), status: "quarantine" as const };
      return { writes: [result], pointer: null, result };
    }
  }
}

function withoutCanary(doc: PolicyDocumentVersion): PolicyDocumentVersion {
  const { canary_percent: _p, seq: _s, ...rest } = doc;
  return rest;
}

function demoteOtherCanaries(state: PolicyState, keep: PolicyDocumentVersion): PolicyDocumentVersion[] {
  const current = canaryVersion(state);
  if (current === null || (current.policy_id === keep.policy_id && current.version === keep.version)) return [];
  return [{ ...withoutCanary(current), status: "quarantine" }];
}

/**
 * Whether a planTransition result is a refusal.
 *
 * @example
 * if (isRefusal(plan)) return plan;
 */
export function isRefusal(plan: TransitionPlan | TransitionRefusal): plan is TransitionRefusal {
  return "code" in plan;
}
