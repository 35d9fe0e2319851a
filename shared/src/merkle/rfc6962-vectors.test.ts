/**
 * Every inclusion and consistency vector of transparency-dev/merkle (testdata/, Apache-2.0, see
 * testdata/NOTICE.md): happy paths verify, every corrupted variant is rejected. The file counts are
 * asserted so a missing or renamed folder fails instead of silently testing less. The happy paths of the
 * numbered folders are proofs over the RFC 6962 sample leaves; MerkleLog must generate exactly them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode } from "./base64.ts";
import { MerkleLog } from "./merkle-log.ts";
import { MemoryNodeStore } from "./node-store.ts";
import { verifyConsistency } from "./verify-consistency.ts";
import { verifyInclusion } from "./verify-inclusion.ts";

const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), "testdata");

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith(".json") ? [path] : [];
    })
    .sort();
}

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

/** JSON numbers beyond 2^53 (e.g. leafIdx 2^64 − 1) parse to unsafe doubles, which the verifiers reject. */
function load<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

const proofOf = (proof: string[] | null) => (proof ?? []).map(base64Decode);
const inclusionFiles = jsonFiles(join(TESTDATA, "inclusion"));
const consistencyFiles = jsonFiles(join(TESTDATA, "consistency"));

describe("RFC 6962 test vectors (transparency-dev/merkle)", () => {
  it("finds every vector file and the notice", () => {
    expect(inclusionFiles).toHaveLength(98);
    expect(consistencyFiles).toHaveLength(98);
    expect(readFileSync(join(TESTDATA, "NOTICE.md"), "utf8")).toContain("Apache License 2.0");
  });

  it("has 6 happy paths and 92 corrupted variants of each kind", () => {
    const happy = (files: string[]) => files.filter((f) => !load<{ wantErr: boolean }>(f).wantErr).length;
    expect(happy(inclusionFiles)).toBe(6);
    expect(happy(consistencyFiles)).toBe(6);
  });

  describe.each(inclusionFiles.map((f) => [relative(TESTDATA, f), f]))("inclusion %s", (_name, file) => {
    const v = load<InclusionVector>(file);
    it(v.wantErr ? `rejects: ${v.desc}` : `verifies: ${v.desc}`, () => {
      const result = verifyInclusion({
        leafIndex: v.leafIdx,
        treeSize: v.treeSize,
        leafHash: base64Decode(v.leafHash),
        proof: proofOf(v.proof),
        rootHash: base64Decode(v.root),
      });
      expect(result.ok).toBe(!v.wantErr);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
    });
  });

  describe.each(consistencyFiles.map((f) => [relative(TESTDATA, f), f]))("consistency %s", (_name, file) => {
    const v = load<ConsistencyVector>(file);
    it(v.wantErr ? `rejects: ${v.desc}` : `verifies: ${v.desc}`, () => {
      const result = verifyConsistency({
        size1: v.size1,
        size2: v.size2,
        root1: base64Decode(v.root1),
        root2: base64Decode(v.root2),
        proof: proofOf(v.proof),
      });
      expect(result.ok).toBe(!v.wantErr);
    });
  });
});

/** The eight sample leaves the numbered vector folders are built from (certificate-transparency test data). */
const SAMPLE_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(
  (h) => Uint8Array.from(Buffer.from(h, "hex")),
);

describe("MerkleLog generates the vectors' happy-path proofs from the sample leaves", () => {
  const log = new MerkleLog(new MemoryNodeStore());
  log.appendAll(SAMPLE_LEAVES);
  const happy = (files: string[]) => files.filter((f) => /\/[0-4]\/happy-path\.json$/.test(f));

  it("covers the 5 numbered inclusion and 5 consistency happy paths", () => {
    expect(happy(inclusionFiles)).toHaveLength(5);
    expect(happy(consistencyFiles)).toHaveLength(5);
  });

  it.each(happy(inclusionFiles).map((f) => [relative(TESTDATA, f), f]))("%s", (_name, file) => {
    const v = load<InclusionVector>(file);
    expect(base64Encode(log.leafHash(v.leafIdx))).toBe(v.leafHash);
    expect(base64Encode(log.root(v.treeSize))).toBe(v.root);
    expect(log.inclusionProof(v.leafIdx, v.treeSize).map(base64Encode)).toEqual(v.proof ?? []);
  });

  it.each(happy(consistencyFiles).map((f) => [relative(TESTDATA, f), f]))("%s", (_name, file) => {
    const v = load<ConsistencyVector>(file);
    expect(base64Encode(log.root(v.size1))).toBe(v.root1);
    expect(base64Encode(log.root(v.size2))).toBe(v.root2);
    expect(log.consistencyProof(v.size1, v.size2).map(base64Encode)).toEqual(v.proof ?? []);
  });
});
