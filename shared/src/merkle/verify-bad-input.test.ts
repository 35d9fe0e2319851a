/**
 * The verifiers take untrusted input (proofs off the network, tampered exports): anything malformed is
 * rejected with a reason and never throws.
 */
import { describe, expect, it } from "vitest";
import { MerkleLog } from "./merkle-log.ts";
import { MemoryNodeStore } from "./node-store.ts";
import { verifyConsistency, type ConsistencyClaim } from "./verify-consistency.ts";
import { MAX_PROOF_NODES, verifyInclusion, type InclusionClaim } from "./verify-inclusion.ts";

const log = new MerkleLog(new MemoryNodeStore());
log.appendAll(Array.from({ length: 11 }, (_, i) => new TextEncoder().encode(`e${i}`)));
const inclusion: InclusionClaim = { leafIndex: 6, treeSize: 11, leafHash: log.leafHash(6), proof: log.inclusionProof(6), rootHash: log.root() };
const consistency: ConsistencyClaim = { size1: 6, size2: 11, root1: log.root(6), root2: log.root(), proof: log.consistencyProof(6) };
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);
const junk = <T>(x: unknown) => x as T;

describe("verifyInclusion on bad input", () => {
  it("accepts the honest claim", () => expect(verifyInclusion(inclusion)).toEqual({ ok: true }));

  it.each<[string, Partial<InclusionClaim>, string]>([
    ["index at the size", { leafIndex: 11 }, "leaf index 11 is not below tree size 11"],
    ["size 0", { leafIndex: 0, treeSize: 0 }, "leaf index 0 is not below tree size 0"],
    ["negative index", { leafIndex: -1 }, "leaf index -1 is not a non-negative safe integer"],
    ["unsafe size", { treeSize: 2 ** 64 }, "tree size 18446744073709552000 is not a non-negative safe integer"],
    ["string size", { treeSize: junk("11") }, "tree size 11 is not a non-negative safe integer"],
    ["short leaf hash", { leafHash: new Uint8Array(31) }, "leaf hash is not a 32-byte hash"],
    ["missing root", { rootHash: junk(undefined) }, "root hash is not a 32-byte hash"],
    ["proof not an array", { proof: junk("abc") }, "proof is not an array of hashes"],
    ["empty proof node", { proof: [new Uint8Array(0), ...inclusion.proof] }, "proof[0] is not a 32-byte hash (0 bytes)"],
    ["string proof node", { proof: [junk("x")] }, "proof[0] is not a 32-byte hash (string)"],
    ["absurdly long proof", { proof: Array.from({ length: MAX_PROOF_NODES + 1 }, () => new Uint8Array(32)) }, "proof has 65 nodes, more than any tree needs"],
    ["missing node", { proof: inclusion.proof.slice(1) }, "proof is missing nodes for leaf 6 in a tree of size 11"],
    ["extra node", { proof: [...inclusion.proof, new Uint8Array(32)] }, "proof has more nodes than a tree of size 11 needs for leaf 6"],
    ["other leaf", { leafIndex: 7 }, "the root computed from the proof does not match the root hash"],
  ])("rejects %s", (_name, change, expected) => {
    expect(reason(verifyInclusion({ ...inclusion, ...change }))).toBe(expected);
  });

  it("never throws, even for a null claim's fields", () => {
    expect(verifyInclusion(junk({})).ok).toBe(false);
  });
});

describe("verifyConsistency on bad input", () => {
  it("accepts the honest claim", () => expect(verifyConsistency(consistency)).toEqual({ ok: true }));

  it.each<[string, Partial<ConsistencyClaim>, string]>([
    ["a shrinking log", { size1: 12 }, "size1 12 is larger than size2 11: a log never shrinks"],
    ["size1 0", { size1: 0 }, "size1 is 0: consistency with the empty tree proves nothing"],
    ["fractional size", { size2: 11.5 }, "size2 11.5 is not a non-negative safe integer"],
    ["equal sizes with a proof", { size1: 11, root1: log.root() }, "sizes are equal (11) but the proof is not empty"],
    ["equal sizes, different roots", { size1: 11, proof: [] }, "sizes are equal (11) but the roots differ"],
    ["empty proof", { proof: [] }, "the proof from size 6 to 11 is empty"],
    ["short root1", { root1: new Uint8Array(9) }, "root1 is not a 32-byte hash"],
    ["roots not bytes", { root2: junk("root") }, "roots must be byte arrays"],
    ["missing node", { proof: consistency.proof.slice(0, -1) }, "proof is missing nodes for sizes 6 → 11"],
    ["extra node", { proof: [...consistency.proof, new Uint8Array(32)] }, "proof has more nodes than sizes 6 → 11 need"],
    ["wrong old root", { root1: log.root(5) }, "the proof does not reproduce root1"],
    ["wrong new root", { root2: log.root(10) }, "the proof does not reproduce root2"],
  ])("rejects %s", (_name, change, expected) => {
    expect(reason(verifyConsistency({ ...consistency, ...change }))).toBe(expected);
  });

  it("accepts equal sizes with an empty proof and the same root", () => {
    expect(verifyConsistency({ size1: 11, size2: 11, root1: log.root(), root2: log.root(), proof: [] })).toEqual({ ok: true });
  });

  it("never throws on an empty claim", () => {
    expect(verifyConsistency(junk({})).ok).toBe(false);
  });
});
