import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTreeSize, encodeTreeSize, MemoryNodeStore, merkleNodeKey } from "./node-store.ts";

describe("node store layout", () => {
  it("names perfect subtrees by level and position", () => {
    expect(merkleNodeKey(0, 12)).toBe("n:0:12");
    expect(merkleNodeKey(3, 1)).toBe("n:3:1");
    expect(merkleNodeKey(0, 2 ** 40)).toBe("n:0:1099511627776");
  });

  it("encodes tree sizes as 8 big-endian bytes and back, up to 2^53 − 1", () => {
    expect([...encodeTreeSize(258)]).toEqual([0, 0, 0, 0, 0, 0, 1, 2]);
    expect([...encodeTreeSize(2 ** 32 + 5)]).toEqual([0, 0, 0, 1, 0, 0, 0, 5]);
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(decodeTreeSize(encodeTreeSize(n))).toBe(n);
      }),
    );
  });

  it("rejects sizes it cannot represent exactly", () => {
    expect(() => encodeTreeSize(-1)).toThrow(RangeError);
    expect(() => encodeTreeSize(2 ** 53)).toThrow(RangeError);
    expect(() => decodeTreeSize(new Uint8Array(7))).toThrow(/must be 8 bytes/);
    expect(() => decodeTreeSize(new Uint8Array(8).fill(255))).toThrow(/beyond 2\^53 - 1/);
  });

  it("MemoryNodeStore counts reads and writes", () => {
    const store = new MemoryNodeStore();
    store.put("a", new Uint8Array(1));
    expect(store.get("a")).toEqual(new Uint8Array(1));
    expect(store.get("b")).toBeUndefined();
    expect([store.reads, store.writes]).toEqual([2, 1]);
  });
});
