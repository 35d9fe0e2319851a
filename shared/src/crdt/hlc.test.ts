import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareHlc, HLC_MAX_COUNTER, type Hlc, HlcError, initialHlc, maxHlc, receiveHlc, tickHlc } from "./hlc.ts";

const T0 = 1_700_000_000_000;
const hlc = fc.record({
  wall_ms: fc.integer({ min: T0, max: T0 + 50 }),
  counter: fc.nat({ max: 5 }),
  node: fc.constantFrom("a", "b", "eu-west", "us-east"),
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof HlcError ? error.code : "other";
  }
  return undefined;
}

describe("hybrid logical clock", () => {
  it("ticks strictly upward and never below physical time, even when the physical clock goes back", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T0 - 1000, max: T0 + 1000 }), { minLength: 1, maxLength: 200 }), (nows) => {
        let clock = initialHlc("n1");
        let maxNow = 0;
        for (const now of nows) {
          const next = tickHlc(clock, now);
          maxNow = Math.max(maxNow, now);
          expect(compareHlc(next, clock)).toBeGreaterThan(0);
          expect(next.wall_ms).toBe(maxNow); // l = max physical time seen
          clock = next;
        }
      }),
    );
  });

  it("stamps a receive above both the local clock and the message", () => {
    fc.assert(
      fc.property(hlc, hlc, fc.integer({ min: T0 - 100, max: T0 + 100 }), (local, remote, now) => {
        const next = receiveHlc(local, remote, now);
        expect(compareHlc(next, local)).toBeGreaterThan(0);
        expect(compareHlc(next, remote)).toBeGreaterThan(0);
        expect(next.node).toBe(local.node);
        expect(next.wall_ms).toBe(Math.max(local.wall_ms, remote.wall_ms, now));
      }),
    );
  });

  it("orders causally related events across nodes (e → f implies stamp(e) < stamp(f))", () => {
    const event = fc.record({ node: fc.nat({ max: 2 }), from: fc.option(fc.nat({ max: 2 })), now: fc.integer({ min: T0, max: T0 + 30 }) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 100 }), (events) => {
        const clocks: Hlc[] = [initialHlc("n0"), initialHlc("n1"), initialHlc("n2")];
        for (const e of events) {
          const before = clocks[e.node]!;
          const sender = e.from === null ? undefined : clocks[e.from];
          const next = sender === undefined ? tickHlc(before, e.now) : receiveHlc(before, sender, e.now);
          expect(compareHlc(next, before)).toBeGreaterThan(0);
          if (sender !== undefined) expect(compareHlc(next, sender)).toBeGreaterThan(0);
          clocks[e.node] = next;
        }
      }),
    );
  });

  it("is a total order: antisymmetric, transitive, zero only for equal stamps", () => {
    fc.assert(
      fc.property(hlc, hlc, hlc, (a, b, c) => {
        expect(Math.sign(compareHlc(a, b))).toBe(-Math.sign(compareHlc(b, a)) + 0); // + 0 turns -0 into 0
        if (compareHlc(a, b) <= 0 && compareHlc(b, c) <= 0) expect(compareHlc(a, c)).toBeLessThanOrEqual(0);
        expect(compareHlc(a, b) === 0).toBe(a.wall_ms === b.wall_ms && a.counter === b.counter && a.node === b.node);
        expect(maxHlc(a, b)).toBe(compareHlc(a, b) >= 0 ? a : b);
      }),
    );
  });

  it("refuses a remote stamp further ahead than maxDriftMs, and accepts one within it", () => {
    const local = tickHlc(initialHlc("eu"), T0);
    const ahead = (ms: number): Hlc => ({ wall_ms: T0 + ms, counter: 0, node: "us" });
    expect(codeOf(() => receiveHlc(local, ahead(60_001), T0, { maxDriftMs: 60_000 }))).toBe("clock_drift");
    expect(receiveHlc(local, ahead(60_000), T0, { maxDriftMs: 60_000 }).wall_ms).toBe(T0 + 60_000);
    expect(receiveHlc(local, ahead(10 ** 9), T0).wall_ms).toBe(T0 + 10 ** 9); // no bound unless asked
  });

  it("rejects bad time and node ids, and an exhausted counter, with clear codes", () => {
    const clock = initialHlc("eu");
    expect(codeOf(() => tickHlc(clock, -1))).toBe("invalid_time");
    expect(codeOf(() => tickHlc(clock, 1.5))).toBe("invalid_time");
    expect(codeOf(() => tickHlc(clock, Number.NaN))).toBe("invalid_time");
    expect(codeOf(() => initialHlc(""))).toBe("invalid_node");
    expect(codeOf(() => initialHlc("has space"))).toBe("invalid_node");
    expect(codeOf(() => tickHlc({ wall_ms: T0, counter: HLC_MAX_COUNTER, node: "eu" }, T0))).toBe("counter_overflow");
    expect(tickHlc({ wall_ms: T0, counter: HLC_MAX_COUNTER, node: "eu" }, T0 + 1)).toEqual({ wall_ms: T0 + 1, counter: 0, node: "eu" });
  });
});
