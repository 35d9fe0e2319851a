/**
 * Credit-based flow control for one stream connection. workerd's WebSocket `send` never pushes back, so a
 * reader that does not read would make the hub's output grow without bound. Instead the client acknowledges
 * (`{"type":"ack","seq":n}`, cumulative): at most `window` messages are sent and unacknowledged; up to
 * `buffer` more wait here, and beyond that the oldest waiting one is dropped. Every message sent after a
 * drop carries `dropped`, the connection's total so far. Nothing here awaits the reader.
 */
import type { StreamItem } from "./types.ts";

/** What survives hibernation (the WebSocket attachment); the waiting messages do not. */
export interface FlowState {
  /** Last seq assigned. */
  seq: number;
  /** How many messages are sent and not acknowledged … */
  in_flight: number;
  /** … and the seq of the last one sent. */
  last_sent: number;
  /** Messages dropped so far (oldest-first overflow, and messages lost when the hub was evicted). */
  dropped: number;
  /** How many messages were waiting when the state was last saved. */
  queued: number;
}

/**
 * A fresh connection's state.
 *
 * @example
 * const state = initialFlowState(); // { seq: 0, in_flight: 0, last_sent: 0, dropped: 0, queued: 0 }
 */
export function initialFlowState(): FlowState {
  return { seq: 0, in_flight: 0, last_sent: 0, dropped: 0, queued: 0 };
}

/** One connection's window and buffer, sending through `send` (JSON text). */
export class FlowControl {
  #seq: number;
  #dropped: number;
  #lastSent: number;
  /** Seqs sent and not acknowledged, ascending. */
  #inFlight: number[];
  readonly #waiting: StreamItem[] = [];

  readonly #limits: { window: number; buffer: number };
  readonly #send: (text: string) => void;

  /**
   * @example
   * const flow = new FlowControl({ window: 64, buffer: 256 }, initialFlowState(), (text) => ws.send(text));
   */
  constructor(limits: { window: number; buffer: number }, state: FlowState, send: (text: string) => void) {
    this.#limits = limits;
    this.#send = send;
    this.#seq = state.seq;
    this.#lastSent = state.last_sent;
    // After an eviction the exact in-flight seqs are unknown: each counts as the last one sent (freed by
    // an ack of it). Messages that were waiting are gone: they count as dropped.
    this.#inFlight = new Array<number>(state.in_flight).fill(state.last_sent);
    this.#dropped = state.dropped + state.queued;
  }

  /**
   * Queue a message (seq assigned here) and send what the window allows.
   *
   * @example
   * flow.push("decision", { event_id: "e1", decision: "BLOCK" });
   */
  push(type: StreamItem["type"], data: Record<string, unknown>): void {
    this.#seq += 1;
    this.#waiting.push({ type, seq: this.#seq, data });
    while (this.#waiting.length > this.#limits.buffer && this.#inFlight.length >= this.#limits.window) {
      this.#waiting.shift();
      this.#dropped += 1;
    }
    this.#drain();
  }

  /**
   * The client has everything up to `seq`: free its credit and send what waits. False for an ack of a seq
   * never sent (a protocol error).
   *
   * @example
   * flow.ack(12);
   */
  ack(seq: number): boolean {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.#seq) return false;
    this.#inFlight = this.#inFlight.filter((s) => s > seq);
    this.#drain();
    return true;
  }

  /** Messages waiting beyond the window. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Messages sent and not acknowledged. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** Messages dropped so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Last seq assigned. */
  get seq(): number {
    return this.#seq;
  }

  /**
   * The state to save in the attachment.
   *
   * @example
   * ws.serializeAttachment({ ...attachment, flow: flow.snapshot() });
   */
  snapshot(): FlowState {
    return { seq: this.#seq, in_flight: this.#inFlight.length, last_sent: this.#lastSent, dropped: this.#dropped, queued: this.#waiting.length };
  }

  #drain(): void {
    while (this.#inFlight.length < this.#limits.window) {
      const item = this.#waiting.shift();
      if (item === undefined) return;
      this.#inFlight.push(item.seq);
      this.#lastSent = item.seq;
      const body: Record<string, unknown> = { type: item.type, seq: item.seq, data: item.data };
      if (this.#dropped > 0) body.dropped = this.#dropped;
      this.#send(JSON.stringify(body));
    }
  }
}
