/**
 * A latency breaker for one dependency (pure: time comes from an injected clock).
 *
 * closed: every call goes through; each outcome is remembered for `windowMs`. When at least
 *   `failureThreshold` calls in the window failed (threw, or missed their deadline) and they are at least
 *   `failureRatio` of the window's calls, the breaker opens.
 * open: no call goes through (the caller answers at once with its fallback). After `coolDownMs` it is
 *   half-open.
 * half_open: exactly one call (the probe) goes through; others are refused as if open. The probe's success
 *   closes the breaker (with an empty window); its failure opens it again for another cool-down.
 */

/** Where a breaker is. */
export type BreakerState = "closed" | "open" | "half_open";

/** How a breaker trips and recovers. */
export interface BreakerOptions {
  /** Failed calls in the window that open the breaker (K). */
  failureThreshold: number;
  /** And the least share of the window's calls they must be (so rare slow calls in heavy traffic do not trip it). */
  failureRatio: number;
  /** How far back outcomes count (ms). */
  windowMs: number;
  /** How long the breaker stays open before it lets one probe through (ms). */
  coolDownMs: number;
}

/**
 * K = 5 failures that are at least half of the calls of the last 10 s open the breaker; one probe after 2 s.
 * A short cool-down is cheap here: while open every answer is the fail-safe anyway, and a failing probe costs
 * one request at most the decision budget.
 */
export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { failureThreshold: 5, failureRatio: 0.5, windowMs: 10_000, coolDownMs: 2_000 };

/** Permission to make one call; hand it back with {@link LatencyBreaker.succeeded} or {@link LatencyBreaker.failed}. */
export interface BreakerPermit {
  /** This call is the half-open probe. */
  probe: boolean;
}

/** A state change, for metrics and logs. */
export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  at: number;
}

/** Outcomes kept at most (a window's worth at very high rates is summarised by its most recent calls). */
const MAX_OUTCOMES = 512;

/**
 * One dependency's breaker.
 *
 * @example
 * const breaker = new LatencyBreaker(DEFAULT_BREAKER_OPTIONS, Date.now);
 * const permit = breaker.acquire();
 * if (permit === null) return fallback();
 * try { const v = await call(); breaker.succeeded(permit); return v; } catch { breaker.failed(permit); return fallback(); }
 */
export class LatencyBreaker {
  #state: BreakerState = "closed";
  #openedAt = 0;
  #probing = false;
  /** Recent outcomes, oldest first: time and whether the call failed. */
  #outcomes: { at: number; failed: boolean }[] = [];
  readonly #options: BreakerOptions;
  readonly #clock: () => number;
  readonly #onTransition: (t: BreakerTransition) => void;

  constructor(options: BreakerOptions = DEFAULT_BREAKER_OPTIONS, clock: () => number = Date.now, onTransition: (t: BreakerTransition) => void = () => undefined) {
    this.#options = options;
    this.#clock = clock;
    this.#onTransition = onTransition;
  }

  /**
   * The state now (an open breaker whose cool-down has passed reads as half-open).
   *
   * @example
   * breaker.state(); // "closed"
   */
  state(): BreakerState {
    if (this.#state === "open" && this.#clock() - this.#openedAt >= this.#options.coolDownMs) this.#move("half_open");
    return this.#state;
  }

  /**
   * A permit for one call, or null when the call must not be made (open, or half-open with the probe out).
   *
   * @example
   * const permit = breaker.acquire(); // null while open
   */
  acquire(): BreakerPermit | null {
    const state = this.state();
    if (state === "closed") return { probe: false };
    if (state === "open" || this.#probing) return null;
    this.#probing = true;
    return { probe: true };
  }

  /**
   * The call made under `permit` answered in time.
   *
   * @example
   * breaker.succeeded(permit);
   */
  succeeded(permit: BreakerPermit): void {
    if (permit.probe) {
      this.#probing = false;
      this.#outcomes = [];
      if (this.#state === "half_open") this.#move("closed");
      return;
    }
    if (this.#state === "closed") this.#record(false);
  }

  /**
   * The call made under `permit` threw or missed its deadline.
   *
   * @example
   * breaker.failed(permit);
   */
  failed(permit: BreakerPermit): void {
    if (permit.probe) {
      this.#probing = false;
      if (this.#state === "half_open") this.#open();
      return;
    }
    if (this.#state !== "closed") return;
    this.#record(true);
    const failures = this.#outcomes.filter((o) => o.failed).length;
    if (failures >= this.#options.failureThreshold && failures >= this.#options.failureRatio * this.#outcomes.length) this.#open();
  }

  /**
   * The call made under `permit` proved nothing about the dependency (e.g. it was cut by a deadline shorter
   * than the dependency's own because earlier calls spent the budget): not counted; a probe's turn passes.
   *
   * @example
   * breaker.released(permit);
   */
  released(permit: BreakerPermit): void {
    if (permit.probe) this.#probing = false;
  }

  #record(failed: boolean): void {
    const now = this.#clock();
    this.#outcomes.push({ at: now, failed });
    const from = now - this.#options.windowMs;
    let drop = 0;
    while (drop < this.#outcomes.length && (this.#outcomes[drop] as { at: number }).at < from) drop++;
    if (this.#outcomes.length - drop > MAX_OUTCOMES) drop = this.#outcomes.length - MAX_OUTCOMES;
    if (drop > 0) this.#outcomes.splice(0, drop);
  }

  #open(): void {
    this.#openedAt = this.#clock();
    this.#outcomes = [];
    this.#move("open");
  }

  #move(to: BreakerState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#onTransition({ from, to, at: this.#clock() });
  }
}
