/**
 * Offline verification of an exported audit segment, with no network: the tree head signatures, every
 * event re-hashed to its leaf and checked against the signed root with its inclusion proof, and the
 * consistency of the earlier head with the later one. Never throws on untrusted input: each problem is a
 * failed check with a reason an auditor can act on.
 */
import { base64Decode } from "../merkle/base64.ts";
import type { TreeHead } from "../merkle/tree-head.ts";
import { verifyTreeHead } from "../merkle/tree-head.ts";
import { verifyConsistency } from "../merkle/verify-consistency.ts";
import { verifyInclusion } from "../merkle/verify-inclusion.ts";
import type { Verifier } from "../signing/keys.ts";
import { createVerifier } from "../signing/verifier.ts";
import { parseLogEvent } from "./log-event.ts";
import { auditLeafHash } from "./leaf.ts";
import { checkHeadKey, type AuditKeyConfig } from "./key-list.ts";
import { AuditSegmentSchema, type AuditSegment } from "./segment.ts";

/** One check and its outcome. */
export interface SegmentCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What {@link verifySegment} found. `ok` only when every check passed. */
export interface SegmentReport {
  ok: boolean;
  log_id: string | null;
  tree_size: number | null;
  entries: number;
  entries_verified: number;
  /** True when the signatures were checked against the key inside the segment (not a pinned key). */
  key_from_segment: boolean;
  /**
   * The leaf indices the segment holds: lowest, highest + 1 (half-open), and whether every index in
   * between is there. Inclusion proofs prove only what a segment holds; this says what it leaves out.
   */
  range: { from_leaf: number; to_leaf: number; contiguous: boolean; missing: number } | null;
  checks: SegmentCheck[];
}

/** Options: pin the log's public key(s) instead of trusting the key shipped in the segment. */
export interface VerifySegmentOptions {
  trustedKeys?: readonly Verifier[];
  /**
   * The log's key list (`GET /v2/audit/keys`): each head must be signed by a listed key that may sign a head
   * of its time (in its window, not revoked by then); the segment's own key must be the listed one. Takes
   * precedence over `trustedKeys`. Verifies segments exported before and after a key rotation alike.
   */
  keyList?: readonly AuditKeyConfig[];
  /**
   * Require the segment to hold every leaf of this half-open range [from_leaf, to_leaf), each once: a
   * segment with an entry deleted, or cut short, then fails the "completeness" check.
   */
  completeRange?: { from_leaf: number; to_leaf: number };
}

function decodeAll(proof: readonly string[]): Uint8Array[] {
  return proof.map((p) => base64Decode(p));
}

/**
 * Verify a segment (parsed JSON). Resolves with a report; `report.ok` is the verdict.
 *
 * @example
 * const report = await verifySegment(JSON.parse(readFileSync("segment.json", "utf8")));
 * report.ok; // true when signatures, inclusion proofs and consistency all hold
 */
export async function verifySegment(input: unknown, options: VerifySegmentOptions = {}): Promise<SegmentReport> {
  const checks: SegmentCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const parsed = AuditSegmentSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    check("format", false, `not an audit segment: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`);
    return report(null, checks, 0, 0, false);
  }
  const segment = parsed.data;
  check("format", true, `${segment.format}, ${segment.entries.length} entries`);
  const listed = options.keyList !== undefined && options.keyList.length > 0;
  const pinned = listed || (options.trustedKeys !== undefined && options.trustedKeys.length > 0);
  // With a key list, each head gets its listed key's verifier below.
  let verifiers: readonly Verifier[] = [];
  if (pinned && !listed) verifiers = options.trustedKeys as readonly Verifier[];
  else if (!pinned) {
    try {
      verifiers = [createVerifier(segment.public_key.key_id, segment.public_key.jwk)];
    } catch {
      check("public key", false, "the segment's public key is not a usable Ed25519 key");
      return report(segment, checks, 0, 0, true);
    }
  }
  const heads: [string, TreeHead][] = [["tree head", segment.tree_head]];
  if (segment.previous_tree_head !== undefined) heads.push(["previous tree head", segment.previous_tree_head]);
  for (const [name, head] of heads) {
    let headVerifiers = verifiers;
    if (listed) {
      const verdict = checkHeadKey(head, options.keyList as readonly AuditKeyConfig[], segment.public_key);
      check(`${name} key`, verdict.ok, verdict.ok ? verdict.detail : `[${verdict.code}] ${verdict.detail}`);
      if (!verdict.ok) continue;
      headVerifiers = [verdict.verifier];
    }
    const sig = await verifyTreeHead(head, headVerifiers);
    check(`${name} signature`, sig.ok, sig.ok ? `size ${head.tree_size}, key "${head.key_id}"` : sig.reason);
    if (head.log_id !== segment.log_id) check(`${name} log`, false, `${name} is for log "${head.log_id}", not "${segment.log_id}"`);
  }
  checkConsistency(segment, check);
  const verified = checkEntries(segment, checks);
  if (options.completeRange !== undefined) checkCompleteness(segment, options.completeRange, check);
  return report(segment, checks, segment.entries.length, await verified, !pinned);
}

function leafRange(segment: AuditSegment): SegmentReport["range"] {
  if (segment.entries.length === 0) return null;
  const leaves = new Set(segment.entries.map((e) => e.leaf_index));
  const from = Math.min(...leaves);
  const to = Math.max(...leaves) + 1;
  return { from_leaf: from, to_leaf: to, contiguous: leaves.size === to - from, missing: to - from - leaves.size };
}

function checkCompleteness(segment: AuditSegment, want: { from_leaf: number; to_leaf: number }, check: (name: string, ok: boolean, detail: string) => void): void {
  const { from_leaf: from, to_leaf: to } = want;
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && to > from)) {
    check("completeness", false, `the range [${from}, ${to}) to check is empty or invalid`);
    return;
  }
  if (to > segment.tree_head.tree_size) {
    check("completeness", false, `leaves [${from}, ${to}) cannot all exist: the signed tree holds ${segment.tree_head.tree_size}`);
    return;
  }
  const held = new Set(segment.entries.map((e) => e.leaf_index).filter((i) => i >= from && i < to));
  const missing: number[] = [];
  for (let i = from; i < to && missing.length <= 10; i++) if (!held.has(i)) missing.push(i);
  const count = to - from - held.size;
  check(
    "completeness",
    count === 0,
    count === 0
      ? `every leaf of [${from}, ${to}) is in the segment`
      : `${count} of the ${to - from} leaves of [${from}, ${to}) are missing (first: ${missing.slice(0, 10).join(", ")})`,
  );
}

function checkConsistency(segment: AuditSegment, check: (name: string, ok: boolean, detail: string) => void): void {
  const previous = segment.previous_tree_head;
  if (previous === undefined) {
    if (segment.consistency_proof !== undefined) check("consistency", false, "a consistency proof without a previous tree head");
    return;
  }
  if (segment.consistency_proof === undefined) {
    check("consistency", false, "a previous tree head without a consistency proof");
    return;
  }
  const result = verifyConsistency({
    size1: previous.tree_size,
    size2: segment.tree_head.tree_size,
    root1: base64Decode(previous.root_hash),
    root2: base64Decode(segment.tree_head.root_hash),
    proof: decodeAll(segment.consistency_proof),
  });
  check("consistency", result.ok, result.ok ? `size ${previous.tree_size} → ${segment.tree_head.tree_size}: the later log extends the earlier one` : result.reason);
}

async function checkEntries(segment: AuditSegment, checks: SegmentCheck[]): Promise<number> {
  const root = base64Decode(segment.tree_head.root_hash);
  const seen = new Set<number>();
  let ok = 0;
  for (const entry of segment.entries) {
    const name = `leaf ${entry.leaf_index}`;
    const event = parseLogEvent(entry.event);
    if (!event.ok) {
      checks.push({ name, ok: false, detail: `event is malformed: ${event.reason}` });
      continue;
    }
    if (event.event.tenant !== segment.log_id) {
      checks.push({ name, ok: false, detail: `event ${event.event.event_id} belongs to tenant "${event.event.tenant}", not log "${segment.log_id}"` });
      continue;
    }
    if (seen.has(entry.leaf_index)) {
      checks.push({ name, ok: false, detail: "leaf index appears twice in the segment" });
      continue;
    }
    seen.add(entry.leaf_index);
    const result = verifyInclusion({
      leafIndex: entry.leaf_index,
      treeSize: segment.tree_head.tree_size,
      leafHash: auditLeafHash(event.event),
      proof: decodeAll(entry.inclusion_proof),
      rootHash: root,
    });
    if (result.ok) ok++;
    else checks.push({ name, ok: false, detail: `event ${event.event.event_id}: ${result.reason}` });
  }
  if (ok === segment.entries.length) {
    checks.push({ name: "inclusion", ok: true, detail: `${ok} of ${segment.entries.length} events re-hashed and proven in the tree of size ${segment.tree_head.tree_size}` });
  }
  return ok;
}

function report(segment: AuditSegment | null, checks: SegmentCheck[], entries: number, verified: number, keyFromSegment: boolean): SegmentReport {
  return {
    ok: checks.length > 0 && checks.every((c) => c.ok),
    log_id: segment?.log_id ?? null,
    tree_size: segment?.tree_head.tree_size ?? null,
    entries,
    entries_verified: verified,
    key_from_segment: keyFromSegment,
    range: segment === null ? null : leafRange(segment),
    checks,
  };
}
