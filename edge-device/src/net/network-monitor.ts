/**
 * ONLINE / DEGRADED / OFFLINE from heartbeats: the sync client reports when the socket is up, each ping
 * sent and each pong received; the monitor answers the mode at any `now` (pure bookkeeping, no timers,
 * so the governor can ask on every decision for the cost of a few comparisons).
 *
 * - OFFLINE: not connected (or never authenticated), or no pong for `offlineAfterMissed` intervals.
 * - DEGRADED: connected, but the median of the last round trips is above `degradedRttMs`, or a pong
 *   is overdue by more than one interval.
 * - ONLINE: otherwise.
 */
import type { Mode } from "../governor/mode.ts";

export interface NetworkMonitorSettings {
  heartbeatIntervalMs: number;
  degradedRttMs: number;
  offlineAfterMissed: number;
}

const WINDOW = 5;

export class NetworkMonitor {
  readonly #s: NetworkMonitorSettings;
  #connected = false;
  #lastPongAt = 0;
  #pingSentAt: number | undefined;
  readonly #rtts: number[] = [];
  #mode: Mode = "OFFLINE";
  #modeAt = Number.NaN;

  /**
   * @example
   * const monitor = new NetworkMonitor({ heartbeatIntervalMs: 5000, degradedRttMs: 500, offlineAfterMissed: 3 });
   */
  constructor(settings: NetworkMonitorSettings) {
    this.#s = settings;
  }

  /**
   * The socket is authenticated (counts as a fresh heartbeat).
   *
   * @example
   * monitor.connected(Date.now());
   */
  connected(now: number): void {
    this.#connected = true;
    this.#lastPongAt = now;
    this.#pingSentAt = undefined;
    this.#modeAt = Number.NaN;
  }

  /**
   * The socket closed or failed.
   *
   * @example
   * monitor.disconnected();
   */
  disconnected(): void {
    this.#connected = false;
    this.#pingSentAt = undefined;
    this.#rtts.length = 0;
    this.#modeAt = Number.NaN;
  }

  /**
   * A ping went out at `now`.
   *
   * @example
   * monitor.pingSent(Date.now());
   */
  pingSent(now: number): void {
    if (this.#pingSentAt === undefined) this.#pingSentAt = now;
  }

  /**
   * A pong (or any server frame answering a ping) arrived at `now`.
   *
   * @example
   * monitor.pongReceived(Date.now());
   */
  pongReceived(now: number): void {
    if (this.#pingSentAt !== undefined) {
      this.#rtts.push(Math.max(0, now - this.#pingSentAt));
      if (this.#rtts.length > WINDOW) this.#rtts.shift();
      this.#pingSentAt = undefined;
    }
    this.#lastPongAt = now;
    this.#modeAt = Number.NaN;
  }

  /** Median of the recent round trips in ms, or null before the first. */
  get rttMs(): number | null {
    if (this.#rtts.length === 0) return null;
    const sorted = [...this.#rtts].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
  }

  /**
   * The mode at `now` (memoised per millisecond).
   *
   * @example
   * monitor.mode(Date.now()); // "ONLINE"
   */
  mode(now: number): Mode {
    if (now === this.#modeAt) return this.#mode;
    this.#mode = this.#compute(now);
    this.#modeAt = now;
    return this.#mode;
  }

  #compute(now: number): Mode {
    if (!this.#connected) return "OFFLINE";
    const silence = now - this.#lastPongAt;
    const interval = this.#s.heartbeatIntervalMs;
    if (silence > interval * this.#s.offlineAfterMissed) return "OFFLINE";
    const overdue = this.#pingSentAt !== undefined && now - this.#pingSentAt > interval;
    const rtt = this.rttMs;
    if (overdue || silence > interval * 2 || (rtt !== null && rtt > this.#s.degradedRttMs)) return "DEGRADED";
    return "ONLINE";
  }
}
