/**
 * The incremental, storage-agnostic sequencer of an RFC 6962 / 9162 Merkle log. It appends leaves in
 * O(1) amortised hashes and writes (the leaf hash, about one completed parent, the size), keeps the
 * perfect subtree roots of the current size (the "compact range") in memory, and answers root(size),
 * inclusion and consistency proofs for ANY past size from stored perfect-subtree hashes in O(log n)
 * reads — never re-hashing the log. Storage layout: see `node-store.ts`.
 *
 * Synchronous on purpose: a Durable Object calls it inside `ctx.storage.transactionSync(() => …)`, so an
 * append is all-or-nothing. If the surrounding transaction rolls back after a call returned, call
 * {@link MerkleLog.reload} to drop the in-memory state that was not committed.
 */
import { compactRangeRoot, loadCompactRange, pushLeaf, type CompactRange, type NodeWriter } from "./compact-range.ts";
import { assertHash, hashLeaf, isMerkleHash } from "./hasher.ts";
import { decodeTreeSize, encodeTreeSize, merkleNodeKey, MERKLE_SIZE_KEY, type MerkleNodeStore } from "./node-store.ts";
import { consistencyProofFromNodes, inclusionProofFromNodes, rootFromNodes, type NodeReader } from "./node-proofs.ts";
import { isTreeSize } from "./tree-math.ts";

/**
 * An append-only RFC 6962 Merkle log over a {@link MerkleNodeStore}.
 *
 * @example
 * const log = new MerkleLog(new MemoryNodeStore());
 * const index = log.append(new TextEncoder().encode(canonicalEvent));
 * const proof = log.inclusionProof(index); // verify with verifyInclusion against log.root()
 */
export class MerkleLog {
  readonly #store: MerkleNodeStore;
  #size = 0;
  #range: CompactRange = [];
  readonly #read: NodeReader;
  readonly #write: NodeWriter;

  /**
   * Open the log kept in `store` (empty store = empty log). Reads the size and O(log n) nodes.
   *
   * @example
   * const log = new MerkleLog(new MemoryNodeStore());
   * log.size; // 0
   */
  constructor(store: MerkleNodeStore) {
    if (typeof store?.get !== "function" || typeof store.put !== "function") {
      throw new TypeError("MerkleLog: store must have get(key) and put(key, value)");
    }
    this.#store = store;
    this.#read = (level, index) => {
      const key = merkleNodeKey(level, index);
      const hash = this.#store.get(key);
      if (!isMerkleHash(hash)) throw new Error(`MerkleLog: node ${key} is missing or not 32 bytes: the store is corrupt`);
      return hash;
    };
    this.#write = (level, index, hash) => this.#store.put(merkleNodeKey(level, index), hash);
    this.reload();
  }

  /**
   * Re-read the committed size and compact range from the store (after a rolled-back transaction).
   *
   * @example
   * log.reload(); // log.size is the stored size again
   */
  reload(): void {
    const stored = this.#store.get(MERKLE_SIZE_KEY);
    const size = stored === undefined ? 0 : decodeTreeSize(stored);
    this.#range = loadCompactRange(this.#read, size);
    this.#size = size;
  }

  /**
   * Number of leaves appended (the current tree size).
   *
   * @example
   * log.append(entry); log.size; // 1
   */
  get size(): number {
    return this.#size;
  }

  /**
   * Append one entry (hashed as an RFC 6962 leaf) and return its leaf index.
   *
   * @example
   * log.append(new TextEncoder().encode('{"event_id":"e1"}')); // 0
   */
  append(leaf: Uint8Array): number {
    return this.appendLeafHash(hashLeaf(leaf));
  }

  /**
   * Append entries in order with one size write; returns the index of the first.
   *
   * @example
   * log.appendAll([a, b, c]); // 0 (then a=0, b=1, c=2)
   */
  appendAll(leaves: readonly Uint8Array[]): number {
    if (!Array.isArray(leaves)) throw new TypeError("MerkleLog.appendAll: leaves must be an array");
    const hashes = leaves.map((leaf) => hashLeaf(leaf));
    return this.#commit(hashes);
  }

  /**
   * Append an already computed leaf hash (SHA-256(0x00 ‖ entry)) and return its index.
   *
   * @example
   * log.appendLeafHash(hashLeaf(entry)); // same as log.append(entry)
   */
  appendLeafHash(leafHash: Uint8Array): number {
    assertHash(leafHash, "MerkleLog.appendLeafHash: leafHash");
    return this.#commit([leafHash]);
  }

  #commit(leafHashes: readonly Uint8Array[]): number {
    const first = this.#size;
    if (first + leafHashes.length > Number.MAX_SAFE_INTEGER) throw new RangeError("MerkleLog: the log is full");
    try {
      for (const hash of leafHashes) pushLeaf(this.#range, this.#size++, hash, this.#write);
      this.#store.put(MERKLE_SIZE_KEY, encodeTreeSize(this.#size));
    } catch (error) {
      this.reload(); // keep memory equal to what the store committed
      throw error;
    }
    return first;
  }

  #checkSize(size: number, what: string): void {
    if (!(isTreeSize(size) && size <= this.#size)) {
      throw new RangeError(`MerkleLog: ${what} ${String(size)} must be an integer within 0..${this.#size}`);
    }
  }

  /**
   * The stored leaf hash of leaf `index`.
   *
   * @example
   * log.leafHash(0); // equals hashLeaf(first entry)
   */
  leafHash(index: number): Uint8Array {
    if (!(isTreeSize(index) && index < this.#size)) {
      throw new RangeError(`MerkleLog: leaf index ${String(index)} is not below the size ${this.#size}`);
    }
    return this.#read(0, index);
  }

  /**
   * The root hash of the tree of the first `size` leaves (default: all). O(log n) hashes; the current
   * size needs no reads.
   *
   * @example
   * log.root(); // current root
   * log.root(3); // root when the log had 3 leaves
   */
  root(size: number = this.#size): Uint8Array {
    this.#checkSize(size, "size");
    if (size !== this.#size) return rootFromNodes(this.#read, size);
    return compactRangeRoot(this.#range, size);
  }

  /**
   * The inclusion proof of leaf `index` in the tree of the first `size` leaves (default: all).
   *
   * @example
   * verifyInclusion({ leafIndex: 5, treeSize: 8, leafHash: log.leafHash(5),
   *   proof: log.inclusionProof(5, 8), rootHash: log.root(8) }); // { ok: true }
   */
  inclusionProof(index: number, size: number = this.#size): Uint8Array[] {
    this.#checkSize(size, "tree size");
    if (!(isTreeSize(index) && index < size)) {
      throw new RangeError(`MerkleLog: leaf index ${String(index)} is not below the tree size ${size}`);
    }
    return inclusionProofFromNodes(this.#read, index, size);
  }

  /**
   * The consistency proof from the tree of `size1` leaves to that of `size2` (default: all);
   * 0 < size1 ≤ size2, empty when equal.
   *
   * @example
   * log.consistencyProof(3); // proves the current tree extends the 3-leaf tree
   */
  consistencyProof(size1: number, size2: number = this.#size): Uint8Array[] {
    this.#checkSize(size2, "size2");
    if (!(isTreeSize(size1) && size1 >= 1 && size1 <= size2)) {
      throw new RangeError(`MerkleLog: size1 ${String(size1)} must be within 1..${size2}`);
    }
    return consistencyProofFromNodes(this.#read, size1, size2);
  }
}
