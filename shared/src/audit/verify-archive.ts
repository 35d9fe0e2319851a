/**
 * Verifying an audit archive with nothing but its objects (the files downloaded from R2): every archived
 * segment as a segment (signatures, inclusion of every leaf of its range), the chain between them (each
 * segment's previous head is the earlier segment's head — same size, same root — with a consistency proof),
 * tombstones (signed by a listed tree-head key, their heads consistent), witness cosignatures against pinned
 * witness keys, and the coverage of the whole range: each leaf is present, deleted by a named retention rule
 * at a named time, or missing. Never throws on untrusted input.
 */
import { base64Decode } from "../merkle/base64.ts";
import { verifyTreeHead, type TreeHead } from "../merkle/tree-head.ts";
import { verifyConsistency } from "../merkle/verify-consistency.ts";
import type { Verifier } from "../signing/keys.ts";
import { ArchivedSegmentSchema, TombstoneSchema, tombstoneBytes, type ArchivedSegment, type Tombstone } from "./archive.ts";
import { verifyCosignature } from "./cosignature.ts";
import { checkHeadKey, type AuditKeyConfig } from "./key-list.ts";
import type { SegmentCheck } from "./verify-segment.ts";
import { verifySegment } from "./verify-segment.ts";

/** One stretch of leaves and what became of it. */
export interface ArchiveCoverage {
  from_leaf: number;
  to_leaf: number;
  status: "present" | "deleted" | "missing";
  detail: string;
}

/** What {@link verifyArchive} found; `ok` only when every check passed. */
export interface ArchiveReport {
  ok: boolean;
  log_id: string | null;
  segments: number;
  tombstones: number;
  leaves_verified: number;
  cosigned: number;
  uncosigned: number;
  /** True when the key list came from inside the archive (not pinned with --keys). */
  keys_from_archive: boolean;
  coverage: ArchiveCoverage[];
  checks: SegmentCheck[];
}

/** Options: pinned tree-head keys, pinned witness keys, a range that must be covered. */
export interface VerifyArchiveOptions {
  keyList?: readonly AuditKeyConfig[];
  witnessKeys?: readonly Verifier[];
  /** Fail a segment whose head has no valid cosignature by a pinned witness key. */
  requireWitness?: boolean;
  /** Half-open [from_leaf, to_leaf): every leaf must be present or deleted by a retention rule. */
  completeRange?: { from_leaf: number; to_leaf: number };
}

type Piece = { kind: "segment"; value: ArchivedSegment; ok: boolean } | { kind: "tombstone"; value: Tombstone; ok: boolean };

function sameHead(a: Pick<TreeHead, "tree_size" | "root_hash"> | undefined, b: Pick<TreeHead, "tree_size" | "root_hash">): boolean {
  return a !== undefined && a.tree_size === b.tree_size && a.root_hash === b.root_hash;
}

function headsOf(p: Piece): { head: TreeHead; previous: TreeHead | undefined } {
  return p.kind === "segment" ? { head: p.value.segment.tree_head, previous: p.value.segment.previous_tree_head } : { head: p.value.tree_head, previous: p.value.previous_tree_head };
}

async function checkTombstone(t: Tombstone, keys: readonly AuditKeyConfig[], check: (n: string, ok: boolean, d: string) => void): Promise<boolean> {
  const name = `tombstone [${t.from_leaf}, ${t.to_leaf})`;
  const verdict = checkHeadKey({ key_id: t.key_id, timestamp: t.deleted_at }, keys);
  if (!verdict.ok) {
    check(name, false, `[${verdict.code}] ${verdict.detail}`);
    return false;
  }
  const sigOk = await verdict.verifier.verify(tombstoneBytes(t, t.key_id), base64Decode(t.signature)).catch(() => false);
  let ok = sigOk && t.tree_head.tree_size === t.to_leaf && t.to_leaf > t.from_leaf;
  for (const head of [t.tree_head, t.previous_tree_head].filter((h): h is TreeHead => h !== undefined)) {
    const hv = checkHeadKey(head, keys);
    ok = ok && hv.ok && (await verifyTreeHead(head, [hv.verifier])).ok;
  }
  if (t.previous_tree_head !== undefined) {
    const c = verifyConsistency({
      size1: t.previous_tree_head.tree_size,
      size2: t.tree_head.tree_size,
      root1: base64Decode(t.previous_tree_head.root_hash),
      root2: base64Decode(t.tree_head.root_hash),
      proof: (t.consistency_proof ?? []).map((p) => base64Decode(p)),
    });
    ok = ok && c.ok;
  }
  const when = new Date(t.deleted_at).toISOString();
  check(name, ok, ok ? `deleted by retention rule "${t.rule.id}" (${t.rule.retention_days} days) at ${when}, admin event ${t.admin_event_id}; signature and heads verify` : "the tombstone's signature, heads or consistency proof do not verify");
  return ok;
}

/**
 * Verify the archive objects of one log (parsed JSON, in any order).
 *
 * @example
 * const report = await verifyArchive(files.map((f) => JSON.parse(readFileSync(f, "utf8"))), { completeRange: { from_leaf: 0, to_leaf: 120 } });
 * report.coverage; // [{ from_leaf: 0, to_leaf: 50, status: "deleted", detail: "retention rule …" }, { from_leaf: 50, to_leaf: 120, status: "present", … }]
 */
export async function verifyArchive(objects: readonly unknown[], options: VerifyArchiveOptions = {}): Promise<ArchiveReport> {
  const checks: SegmentCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const pieces: Piece[] = [];
  let logId: string | null = null;
  let embeddedKeys: AuditKeyConfig[] | undefined;
  for (const [i, raw] of objects.entries()) {
    const seg = ArchivedSegmentSchema.safeParse(raw);
    const tomb = seg.success ? null : TombstoneSchema.safeParse(raw);
    const value = seg.success ? seg.data : tomb?.success ? tomb.data : null;
    if (value === null) {
      check(`object ${i}`, false, "neither an archived segment nor a tombstone");
      continue;
    }
    if (logId !== null && value.log_id !== logId) check(`object ${i}`, false, `of log "${value.log_id}", not "${logId}"`);
    logId ??= value.log_id;
    if (seg.success) {
      // The newest embedded key list knows every key the older ones do (keys are never removed).
      if (embeddedKeys === undefined || seg.data.key_list.keys.length >= embeddedKeys.length) embeddedKeys = seg.data.key_list.keys;
      pieces.push({ kind: "segment", value: seg.data, ok: false });
    } else if (tomb?.success) pieces.push({ kind: "tombstone", value: tomb.data, ok: false });
  }
  const keys = options.keyList ?? embeddedKeys ?? [];
  let leaves = 0;
  let cosigned = 0;
  let uncosigned = 0;
  for (const piece of pieces) {
    if (piece.kind === "tombstone") {
      piece.ok = await checkTombstone(piece.value, keys, check);
      continue;
    }
    const a = piece.value;
    const name = `segment [${a.from_leaf}, ${a.to_leaf}) ${a.tier}`;
    const r = await verifySegment(a.segment, { keyList: keys, completeRange: { from_leaf: a.from_leaf, to_leaf: a.to_leaf } });
    const shapeOk = a.segment.tree_head.tree_size === a.to_leaf && a.segment.entries.length === a.to_leaf - a.from_leaf && (a.from_leaf === 0 || a.segment.previous_tree_head?.tree_size === a.from_leaf);
    piece.ok = r.ok && shapeOk;
    const failed = r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    check(name, piece.ok, piece.ok ? `${r.entries_verified} leaves proven, head size ${a.to_leaf} signed by "${a.segment.tree_head.key_id}"` : (failed[0] ?? "the segment does not end at its head or does not start at the previous head"));
    if (piece.ok) leaves += r.entries_verified;
    if (options.witnessKeys !== undefined && options.witnessKeys.length > 0) {
      const results = await Promise.all(a.cosignatures.map((c) => verifyCosignature(a.segment.tree_head, c, options.witnessKeys as readonly Verifier[])));
      const good = results.filter((x) => x.ok);
      const bad = results.filter((x) => !x.ok);
      if (good.length > 0) cosigned++;
      else uncosigned++;
      if (bad.length > 0) check(`${name} witness`, false, bad[0]?.detail ?? "bad cosignature");
      else if (good.length > 0) check(`${name} witness`, true, good[0]?.detail ?? "cosigned");
      else check(`${name} witness`, options.requireWitness !== true, `UNCOSIGNED: no cosignature by a pinned witness key on head size ${a.to_leaf}`);
    } else if (a.cosignatures.length > 0) cosigned++;
    else uncosigned++;
  }
  const coverage = chain(pieces, check);
  if (options.completeRange !== undefined) completeness(coverage, options.completeRange, check);
  return {
    ok: checks.length > 0 && checks.every((c) => c.ok),
    log_id: logId,
    segments: pieces.filter((p) => p.kind === "segment").length,
    tombstones: pieces.filter((p) => p.kind === "tombstone").length,
    leaves_verified: leaves,
    cosigned,
    uncosigned,
    keys_from_archive: options.keyList === undefined,
    coverage,
    checks,
  };
}

/** Order the pieces, check each link, and say what covers each stretch. */
function chain(pieces: Piece[], check: (n: string, ok: boolean, d: string) => void): ArchiveCoverage[] {
  const sorted = [...pieces].sort((a, b) => a.value.from_leaf - b.value.from_leaf || (a.kind === "segment" ? -1 : 1));
  const coverage: ArchiveCoverage[] = [];
  let at = 0;
  let before: TreeHead | undefined;
  for (const p of sorted) {
    const { from_leaf: from, to_leaf: to } = p.value;
    if (to <= at) {
      check(`[${from}, ${to})`, false, `overlaps leaves already covered (up to ${at})`);
      continue;
    }
    if (from > at) {
      coverage.push({ from_leaf: at, to_leaf: from, status: "missing", detail: "no segment and no tombstone" });
      before = undefined;
    }
    const { head, previous } = headsOf(p);
    if (before !== undefined && from > 0) {
      const linked = sameHead(previous, before);
      check(`link ${from}`, linked, linked ? `[${from}, ${to}) extends the head of size ${before.tree_size} (same root)` : `the previous head of [${from}, ${to}) is not the earlier head of size ${before.tree_size}`);
    }
    coverage.push(
      !p.ok
        ? { from_leaf: from, to_leaf: to, status: "missing", detail: `the ${p.kind} does not verify` }
        : p.kind === "segment"
          ? { from_leaf: from, to_leaf: to, status: "present", detail: `${p.value.tier}, head size ${to}` }
          : { from_leaf: from, to_leaf: to, status: "deleted", detail: `deleted by retention rule "${p.value.rule.id}" at ${new Date(p.value.deleted_at).toISOString()}` },
    );
    before = head;
    at = to;
  }
  return coverage;
}

function completeness(coverage: ArchiveCoverage[], want: { from_leaf: number; to_leaf: number }, check: (n: string, ok: boolean, d: string) => void): void {
  const relevant = coverage.filter((c) => c.to_leaf > want.from_leaf && c.from_leaf < want.to_leaf);
  const end = coverage.length === 0 ? 0 : Math.max(...coverage.map((c) => c.to_leaf));
  const missing = relevant.filter((c) => c.status === "missing").map((c) => `[${Math.max(c.from_leaf, want.from_leaf)}, ${Math.min(c.to_leaf, want.to_leaf)})`);
  if (end < want.to_leaf) missing.push(`[${Math.max(end, want.from_leaf)}, ${want.to_leaf})`);
  const deleted = relevant.filter((c) => c.status === "deleted").map((c) => `[${c.from_leaf}, ${c.to_leaf}) ${c.detail}`);
  check(
    "completeness",
    missing.length === 0,
    missing.length === 0
      ? `every leaf of [${want.from_leaf}, ${want.to_leaf}) is archived${deleted.length > 0 ? ` or ${deleted.join("; ")}` : ""}`
      : `MISSING leaves ${missing.join(", ")} (neither archived nor deleted by a retention rule)`,
  );
}
