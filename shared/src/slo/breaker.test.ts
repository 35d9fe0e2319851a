import { describe, expect, it } from "vitest";
import { LatencyBreaker, type BreakerOptions, type BreakerTransition } from "./breaker.ts";

const OPTIONS: BreakerOptions = { failureThreshold: 3, failureRatio: 0.5, windowMs: 1_000, coolDownMs: 500 };

function setup(options: BreakerOptions = OPTIONS) {
  let now = 10_000;
  const transitions: BreakerTransition[] = [];
  const breaker = new LatencyBreaker(options, () => now, (t) => transitions.push(t));
  const fail = () => breaker.failed(breaker.acquire() ?? expect.unreachable("refused"));
  const pass = () => breaker.succeeded(breaker.acquire() ?? expect.unreachable("refused"));
  return { breaker, transitions, fail, pass, advance: (ms: number) => (now += ms) };
}

describe("LatencyBreaker", () => {
  it("opens after K failures in the window and refuses calls while open", () => {
    const { breaker, fail, transitions } = setup();
    fail();
    fail();
    expect(breaker.state()).toBe("closed");
    fail();
    expect(breaker.state()).toBe("open");
    expect(breaker.acquire()).toBeNull();
    expect(transitions.map((t) => t.to)).toEqual(["open"]);
  });

  it("forgets failures older than the window", () => {
    const { breaker, fail, advance } = setup();
    fail();
    fail();
    advance(1_001);
    fail();
    expect(breaker.state()).toBe("closed");
  });

  it("does not open while failures are under the ratio of the window's calls", () => {
    const { breaker, fail, pass } = setup();
    for (let i = 0; i < 4; i++) pass();
    fail();
    fail();
    fail(); // 3 of 7 < 50%
    expect(breaker.state()).toBe("closed");
    fail(); // 4 of 8 = 50%
    expect(breaker.state()).toBe("open");
  });

  it("is half-open after the cool-down, lets one probe through, and closes on its success", () => {
    const { breaker, fail, advance, transitions } = setup();
    for (let i = 0; i < 3; i++) fail();
    advance(499);
    expect(breaker.state()).toBe("open");
    advance(1);
    expect(breaker.state()).toBe("half_open");
    const probe = breaker.acquire();
    expect(probe).toEqual({ probe: true });
    expect(breaker.acquire()).toBeNull(); // only one probe at a time
    breaker.succeeded(probe!);
    expect(breaker.state()).toBe("closed");
    expect(breaker.acquire()).toEqual({ probe: false });
    expect(transitions.map((t) => t.to)).toEqual(["open", "half_open", "closed"]);
  });

  it("opens again for another cool-down when the probe fails", () => {
    const { breaker, fail, advance } = setup();
    for (let i = 0; i < 3; i++) fail();
    advance(500);
    const probe = breaker.acquire()!;
    breaker.failed(probe);
    expect(breaker.state()).toBe("open");
    advance(499);
    expect(breaker.acquire()).toBeNull();
    advance(1);
    expect(breaker.acquire()).toEqual({ probe: true });
  });

  it("starts a closed breaker with an empty window after recovery", () => {
    const { breaker, fail, advance } = setup();
    for (let i = 0; i < 3; i++) fail();
    advance(500);
    breaker.succeeded(breaker.acquire()!);
    fail();
    fail();
    expect(breaker.state()).toBe("closed");
  });

  it("counts nothing for a released call, and lets another probe through after a released probe", () => {
    const { breaker, fail, advance } = setup();
    fail();
    fail();
    breaker.released(breaker.acquire()!);
    expect(breaker.state()).toBe("closed");
    fail();
    advance(500);
    breaker.released(breaker.acquire()!);
    expect(breaker.state()).toBe("half_open");
    expect(breaker.acquire()).toEqual({ probe: true });
  });

  it("ignores late outcomes of calls permitted before it opened", () => {
    const { breaker, fail } = setup();
    const early = breaker.acquire()!;
    for (let i = 0; i < 3; i++) fail();
    breaker.succeeded(early);
    expect(breaker.state()).toBe("open");
  });
});
