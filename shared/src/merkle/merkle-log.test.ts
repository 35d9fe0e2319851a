import { describe, expect, it } from "vitest";
import { base64Encode } from "./base64.ts";
import { emptyRootHash, hashLeaf } from "./hasher.ts";
import { MerkleLog } from "./merkle-log.ts";
import { MemoryNodeStore, MERKLE_SIZE_KEY, merkleNodeKey, type MerkleNodeStore } from "./node-store.ts";
import {
  consistencyProofFromLeafHashes,
  inclusionProofFromLeafHashes,
  rootFromLeafHashes,
} from "./reference-tree.ts";

const entry = (i: number) => new TextEncoder().encode(`{"event_id":"e${i}"}`);
const b64 = (h: Uint8Array) => base64Encode(h);
const b64s = (hs: readonly Uint8Array[]) => hs.map(b64);

function logOf(n: number, store: MerkleNodeStore = new MemoryNodeStore()): MerkleLog {
  const log = new MerkleLog(store);
  for (let i = 0; i < n; i++) log.append(entry(i));
  return log;
}

describe("MerkleLog answers equal the recursive definitions", () => {
  const N = 64;
  const log = logOf(N);
  const all = Array.from({ length: N }, (_, i) => hashLeaf(entry(i)));

  it("root(size) for every past size 0..64", () => {
    expect(b64(log.root(0))).toBe(b64(emptyRootHash()));
    for (let size = 1; size <= N; size++) expect(b64(log.root(size)), `size ${size}`).toBe(b64(rootFromLeafHashes(all.slice(0, size))));
  });

  it("the current root after every append (the in-memory compact range)", () => {
    const growing = new MerkleLog(new MemoryNodeStore());
    for (let i = 0; i < N; i++) {
      expect(growing.append(entry(i))).toBe(i);
      expect(b64(growing.root()), `size ${i + 1}`).toBe(b64(rootFromLeafHashes(all.slice(0, i + 1))));
    }
  });

  it("inclusion proofs for every leaf of every size up to 64", () => {
    for (let size = 1; size <= N; size++) {
      const h = all.slice(0, size);
      for (let i = 0; i < size; i++) {
        expect(b64s(log.inclusionProof(i, size)), `leaf ${i} of ${size}`).toEqual(b64s(inclusionProofFromLeafHashes(h, i)));
      }
    }
  });

  it("consistency proofs for every pair of sizes up to 64", () => {
    for (let size2 = 1; size2 <= N; size2++) {
      const h = all.slice(0, size2);
      for (let size1 = 1; size1 <= size2; size1++) {
        expect(b64s(log.consistencyProof(size1, size2)), `${size1} → ${size2}`).toEqual(b64s(consistencyProofFromLeafHashes(h, size1)));
      }
    }
  });

  it("stored leaf hashes", () => {
    for (let i = 0; i < N; i++) expect(b64(log.leafHash(i))).toBe(b64(all[i] as Uint8Array));
  });
});

describe("MerkleLog storage", () => {
  it("writes the leaf, each completed parent and the size: 3071 writes for 1024 single appends", () => {
    const store = new MemoryNodeStore();
    logOf(1024, store);
    expect(store.writes).toBe(1024 + 1023 + 1024);
    expect(store.entries.size).toBe(1024 + 1023 + 1);
  });

  it("appendAll writes the size once and equals single appends", () => {
    const store = new MemoryNodeStore();
    const log = new MerkleLog(store);
    expect(log.appendAll(Array.from({ length: 1024 }, (_, i) => entry(i)))).toBe(0);
    expect(store.writes).toBe(1024 + 1023 + 1);
    expect(b64(log.root())).toBe(b64(logOf(1024).root()));
    expect(log.appendAll([entry(1024), entry(1025)])).toBe(1024);
  });

  it("answers proofs and past roots in O(log n) reads, and the current root in none", () => {
    const store = new MemoryNodeStore();
    const log = logOf(1000, store);
    store.reads = 0;
    log.root();
    expect(store.reads).toBe(0);
    let worst = 0;
    for (let i = 0; i < 1000; i++) {
      store.reads = 0;
      log.inclusionProof(i);
      worst = Math.max(worst, store.reads);
    }
    expect(worst).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)));
    for (let size1 = 1; size1 <= 1000; size1 += 7) {
      store.reads = 0;
      log.consistencyProof(size1);
      expect(store.reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)));
      store.reads = 0;
      log.root(size1);
      expect(store.reads).toBeLessThanOrEqual(Math.ceil(Math.log2(1000)));
    }
  });

  it("reopens from its store with the same size, root and proofs, and keeps appending identically", () => {
    const store = new MemoryNodeStore();
    const first = logOf(37, store);
    store.reads = 0;
    const reopened = new MerkleLog(store);
    expect(store.reads).toBeLessThanOrEqual(1 + 6); // the size plus one node per set bit of 37
    expect(reopened.size).toBe(37);
    expect(b64(reopened.root())).toBe(b64(first.root()));
    expect(b64s(reopened.inclusionProof(20, 30))).toEqual(b64s(first.inclusionProof(20, 30)));
    for (let i = 37; i < 50; i++) reopened.append(entry(i));
    expect(b64(reopened.root())).toBe(b64(logOf(50).root()));
  });

  it("keeps memory equal to the store when a write fails mid-append, then recovers", () => {
    const inner = new MemoryNodeStore();
    let failAt = -1;
    const flaky: MerkleNodeStore = {
      get: (key) => inner.get(key),
      put: (key, value) => {
        if (inner.writes === failAt) throw new Error("storage unavailable");
        inner.put(key, value);
      },
    };
    const log = logOf(7, flaky);
    const rootBefore = b64(log.root());
    failAt = inner.writes + 3; // leaf 7 completes parents at levels 1, 2, 3: fail on the level-3 node
    expect(() => log.append(entry(7))).toThrow("storage unavailable");
    expect(log.size).toBe(7);
    expect(b64(log.root())).toBe(rootBefore);
    failAt = -1;
    for (let i = 7; i < 20; i++) log.append(entry(i));
    expect(b64(log.root())).toBe(b64(logOf(20).root()));
  });

  it("reload() drops appends whose transaction rolled back", () => {
    const committed = new MemoryNodeStore();
    const log = logOf(5, committed);
    const snapshot = new Map(committed.entries);
    log.append(entry(5));
    committed.entries.clear();
    for (const [k, v] of snapshot) committed.entries.set(k, v); // the DO transaction rolled back
    log.reload();
    expect(log.size).toBe(5);
    expect(b64(log.root())).toBe(b64(logOf(5).root()));
  });

  it("reports a corrupt store clearly", () => {
    const store = new MemoryNodeStore();
    logOf(6, store);
    store.entries.delete(merkleNodeKey(1, 2));
    expect(() => new MerkleLog(store)).toThrow(/node n:1:2 is missing or not 32 bytes: the store is corrupt/);
    store.entries.set(MERKLE_SIZE_KEY, new Uint8Array(3));
    expect(() => new MerkleLog(store)).toThrow(/stored tree size must be 8 bytes/);
  });
});

describe("MerkleLog input checks", () => {
  const log = logOf(10);

  it("rejects indices and sizes outside the log", () => {
    expect(() => log.leafHash(10)).toThrow(/leaf index 10 is not below the size 10/);
    expect(() => log.root(11)).toThrow(/size 11 must be an integer within 0..10/);
    expect(() => log.root(-1)).toThrow(RangeError);
    expect(() => log.root(2.5)).toThrow(RangeError);
    expect(() => log.inclusionProof(5, 5)).toThrow(/leaf index 5 is not below the tree size 5/);
    expect(() => log.inclusionProof(Number.NaN)).toThrow(RangeError);
    expect(() => log.consistencyProof(0)).toThrow(/size1 0 must be within 1..10/);
    expect(() => log.consistencyProof(4, 3)).toThrow(RangeError);
    expect(() => log.consistencyProof(1, 11)).toThrow(RangeError);
  });

  it("rejects bad leaves and stores", () => {
    expect(() => log.append("text" as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => log.appendLeafHash(new Uint8Array(16))).toThrow(/leafHash must be a 32-byte hash, got 16 bytes/);
    expect(() => log.appendAll([entry(1), 7 as unknown as Uint8Array])).toThrow(TypeError);
    expect(log.size).toBe(10);
    expect(() => new MerkleLog({} as MerkleNodeStore)).toThrow(/store must have get\(key\) and put\(key, value\)/);
  });
});
