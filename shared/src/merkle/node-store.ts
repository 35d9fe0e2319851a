/**
 * The tiny synchronous key-value interface `MerkleLog` persists through, its key layout, and an in-memory
 * implementation (tests, benches, the CLI). A Durable Object backs it with its SQLite storage
 * (`ctx.storage.kv`, or a `nodes(key TEXT PRIMARY KEY, hash BLOB)` table) inside `transactionSync`.
 *
 * Storage layout (all values are bytes):
 *
 * | key             | value                                                                     |
 * |-----------------|---------------------------------------------------------------------------|
 * | `size`          | the committed tree size, 8-byte big-endian unsigned integer               |
 * | `n:<L>:<i>`     | hash of the perfect subtree of 2^L leaves [i·2^L, (i+1)·2^L); L = 0 is the |
 * |                 | leaf hash of leaf i. Decimal numbers, no padding: `n:0:12`, `n:3:0`.        |
 *
 * A node is written once, when its subtree becomes complete, and never changes afterwards, so every past
 * tree size can still be proven from the same nodes. Nodes at or beyond the committed `size` may exist
 * after an interrupted append; they are ignored and overwritten by the next append.
 */
import { isTreeSize } from "./tree-math.ts";

/** Synchronous storage for Merkle nodes. `get` returns undefined for a missing key. */
export interface MerkleNodeStore {
  get(key: string): Uint8Array | undefined;
  put(key: string, value: Uint8Array): void;
}

/** Key of the committed tree size. */
export const MERKLE_SIZE_KEY = "size";

/**
 * Key of the perfect subtree hash at `level` (2^level leaves) and position `index` within that level.
 *
 * @example
 * merkleNodeKey(0, 12); // "n:0:12" — the leaf hash of leaf 12
 * merkleNodeKey(3, 1); // "n:3:1" — the subtree of leaves 8..15
 */
export function merkleNodeKey(level: number, index: number): string {
  return `n:${level}:${index}`;
}

/**
 * Encode a tree size as 8 big-endian bytes.
 *
 * @example
 * encodeTreeSize(258); // Uint8Array [0, 0, 0, 0, 0, 0, 1, 2]
 */
export function encodeTreeSize(size: number): Uint8Array {
  if (!isTreeSize(size)) throw new RangeError(`encodeTreeSize: ${size} is not a non-negative safe integer`);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(size / 0x100000000));
  view.setUint32(4, size >>> 0);
  return out;
}

/**
 * Decode {@link encodeTreeSize}'s bytes; throws on anything that is not 8 bytes of a safe integer.
 *
 * @example
 * decodeTreeSize(encodeTreeSize(258)); // 258
 */
export function decodeTreeSize(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 8) throw new Error("stored tree size must be 8 bytes");
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const size = view.getUint32(0) * 0x100000000 + view.getUint32(4);
  if (!isTreeSize(size)) throw new Error("stored tree size is beyond 2^53 - 1");
  return size;
}

/**
 * A {@link MerkleNodeStore} over a `Map`, counting reads and writes (for tests and benches).
 *
 * @example
 * const store = new MemoryNodeStore();
 * new MerkleLog(store).append(new Uint8Array([1]));
 * store.writes; // 2 (the leaf hash and the size)
 */
export class MemoryNodeStore implements MerkleNodeStore {
  readonly entries = new Map<string, Uint8Array>();
  reads = 0;
  writes = 0;

  get(key: string): Uint8Array | undefined {
    this.reads++;
    return this.entries.get(key);
  }

  put(key: string, value: Uint8Array): void {
    this.writes++;
    this.entries.set(key, value);
  }
}
