/**
 * Hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", OPODIS 2014).
 *
 * A timestamp is `{ wall_ms, counter, node }`: `wall_ms` tracks the largest physical time seen (so stamps stay
 * close to real time), `counter` orders events inside one millisecond, `node` breaks the remaining ties, which
 * makes the order total and every stamp a node produces unique. Pure: the physical time `now` is always an
 * argument; nothing here reads a clock.
 */

/** One HLC timestamp. Stamps from one node are unique; across nodes the `node` id tells them apart. */
export interface Hlc {
  readonly wall_ms: number;
  readonly counter: number;
  readonly node: string;
}

/** Largest `wall_ms`: 2^48 − 1 ms (year 10889), so it fits 12 hex digits in the string form. */
export const HLC_MAX_WALL_MS = 0xffff_ffff_ffff;
/** Largest `counter`: 2^24 − 1 events inside one millisecond, so it fits 6 hex digits. */
export const HLC_MAX_COUNTER = 0xff_ffff;
/** Node ids: 1–64 characters of `[A-Za-z0-9._:-]` (a region, PoP or device id). */
export const HLC_NODE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Why a clock operation was refused. */
export type HlcErrorCode = "invalid_time" | "invalid_node" | "counter_overflow" | "clock_drift";

/** Thrown for a bad `now`, a bad node id, an exhausted counter, or a remote stamp too far in the future. */
export class HlcError extends Error {
  readonly code: HlcErrorCode;
  constructor(code: HlcErrorCode, message: string) {
    super(message);
    this.name = "HlcError";
    this.code = code;
  }
}

/** Options for {@link receiveHlc}. */
export interface ReceiveOptions {
  /** Refuse a remote stamp whose wall time is more than this many ms ahead of `now` (Kulkarni's ε). */
  readonly maxDriftMs?: number;
}

function checkNow(now: number): void {
  if (!Number.isSafeInteger(now) || now < 0 || now > HLC_MAX_WALL_MS) {
    throw new HlcError("invalid_time", `now must be an integer number of ms in [0, 2^48), got ${String(now)}`);
  }
}

function stamp(wall_ms: number, counter: number, node: string): Hlc {
  if (counter > HLC_MAX_COUNTER) {
    throw new HlcError("counter_overflow", `HLC counter exhausted at wall_ms ${wall_ms}: the physical clock is not advancing`);
  }
  return { wall_ms, counter, node };
}

/**
 * The zero stamp of a node: where its clock starts.
 *
 * @example
 * const clock = initialHlc("eu-west"); // { wall_ms: 0, counter: 0, node: "eu-west" }
 */
export function initialHlc(node: string): Hlc {
  if (!HLC_NODE_PATTERN.test(node)) {
    throw new HlcError("invalid_node", "node id must be 1–64 characters of [A-Za-z0-9._:-]");
  }
  return { wall_ms: 0, counter: 0, node };
}

/**
 * Total order: wall time, then counter, then node id (UTF-16 code units). Negative, zero or positive.
 *
 * @example
 * compareHlc({ wall_ms: 5, counter: 0, node: "a" }, { wall_ms: 5, counter: 1, node: "a" }); // < 0
 */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall_ms !== b.wall_ms) return a.wall_ms < b.wall_ms ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.node === b.node) return 0;
  return a.node < b.node ? -1 : 1;
}

/**
 * The stamp for a local event (or a send) at physical time `now`. Always greater than `local`.
 *
 * @example
 * const next = tickHlc(initialHlc("us-east"), 1_700_000_000_000); // { wall_ms: 1700000000000, counter: 0, … }
 */
export function tickHlc(local: Hlc, now: number): Hlc {
  checkNow(now);
  if (now > local.wall_ms) return stamp(now, 0, local.node);
  return stamp(local.wall_ms, local.counter + 1, local.node);
}

/**
 * The stamp for receiving `remote` at physical time `now`: greater than both `local` and `remote`. With
 * `maxDriftMs`, a remote wall time more than that far ahead of `now` is refused (HlcError "clock_drift") so a
 * peer with a runaway clock cannot drag this clock into the future.
 *
 * @example
 * const next = receiveHlc(local, remoteStamp, Date.now(), { maxDriftMs: 60_000 });
 */
export function receiveHlc(local: Hlc, remote: Hlc, now: number, options: ReceiveOptions = {}): Hlc {
  checkNow(now);
  const drift = options.maxDriftMs;
  if (drift !== undefined && remote.wall_ms - now > drift) {
    throw new HlcError(
      "clock_drift",
      `remote stamp from ${remote.node} is ${remote.wall_ms - now} ms ahead of local time (limit ${drift} ms)`,
    );
  }
  const wall = Math.max(local.wall_ms, remote.wall_ms, now);
  if (wall === local.wall_ms && wall === remote.wall_ms) {
    return stamp(wall, Math.max(local.counter, remote.counter) + 1, local.node);
  }
  if (wall === local.wall_ms) return stamp(wall, local.counter + 1, local.node);
  if (wall === remote.wall_ms) return stamp(wall, remote.counter + 1, local.node);
  return stamp(wall, 0, local.node);
}

/**
 * The later of two stamps.
 *
 * @example
 * maxHlc(a, b) === (compareHlc(a, b) >= 0 ? a : b); // true
 */
export function maxHlc(a: Hlc, b: Hlc): Hlc {
  return compareHlc(a, b) >= 0 ? a : b;
}
