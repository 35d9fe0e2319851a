/**
 * Flow control of one stream connection: the window, the drop-oldest buffer, `dropped` on later messages,
 * cumulative acks, and what survives an eviction (counters; waiting messages count as dropped).
 */
import { describe, expect, it } from "vitest";
import { FlowControl, initialFlowState } from "./flow-control.ts";

function flow(window: number, buffer: number, state = initialFlowState()) {
  const sent: { seq: number; dropped?: number }[] = [];
  const control = new FlowControl({ window, buffer }, state, (text) => sent.push(JSON.parse(text) as { seq: number; dropped?: number }));
  return { control, sent };
}

describe("FlowControl", () => {
  it("sends within the window, holds the buffer, drops the oldest beyond it", () => {
    const { control, sent } = flow(2, 3);
    for (let i = 0; i < 10; i++) control.push("decision", { n: i });
    expect(sent.map((m) => m.seq)).toEqual([1, 2]);
    expect([control.inFlight, control.queued, control.dropped]).toEqual([2, 3, 5]);
    expect(control.ack(1)).toBe(true);
    expect(sent.map((m) => [m.seq, m.dropped])).toEqual([
      [1, undefined],
      [2, undefined],
      [8, 5],
    ]);
    expect(control.ack(8)).toBe(true);
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 8, 9, 10]);
    expect(control.queued).toBe(0);
  });

  it("refuses an ack of a seq never sent", () => {
    const { control } = flow(2, 0);
    control.push("decision", {});
    expect(control.ack(2)).toBe(false);
    expect(control.ack(-1)).toBe(false);
    expect(control.ack(1.5)).toBe(false);
  });

  it("buffer 0: everything beyond the window is dropped", () => {
    const { control, sent } = flow(1, 0);
    for (let i = 0; i < 4; i++) control.push("violation", {});
    expect(sent.map((m) => m.seq)).toEqual([1]);
    expect(control.dropped).toBe(3);
  });

  it("after an eviction: counters kept, waiting messages counted as dropped, in-flight freed by an ack of the last sent", () => {
    const before = flow(2, 3);
    for (let i = 0; i < 6; i++) before.control.push("decision", {});
    const saved = before.control.snapshot();
    expect(saved).toEqual({ seq: 6, in_flight: 2, last_sent: 2, dropped: 1, queued: 3 });
    const after = flow(2, 3, saved);
    expect([after.control.seq, after.control.dropped, after.control.queued, after.control.inFlight]).toEqual([6, 4, 0, 2]);
    after.control.push("decision", {});
    expect(after.sent).toEqual([]);
    after.control.ack(1);
    expect(after.sent).toEqual([]);
    after.control.ack(2);
    expect(after.sent.map((m) => [m.seq, m.dropped])).toEqual([[7, 4]]);
  });
});
