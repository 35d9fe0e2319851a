/**
 * The live decisions: the `decisions` stream (a single-use stream token from `POST /v2/streams/token`,
 * then the browser's WebSocket; reopened with a new token when it ends), plus, for roles that may read
 * the audit trail, the last 15 minutes of recorded decisions at start. Newest first, at most 500 kept.
 */
import { openStream, type LiveStream } from "@nethical/client";
import { withQuery, type Api } from "./api.ts";
import { toRow, type DecisionRow } from "./filters.ts";

/** Decisions kept at most. */
export const MAX_ROWS = 500;
/** Wait before reopening an ended stream. */
const REOPEN_MS = 2_000;

/** The stream's state, shown in the live view. */
export type StreamState = "connecting" | "live" | "reconnecting" | "stopped";

/** The live decisions and the agents seen. */
export class DecisionStore {
  rows: DecisionRow[] = [];
  readonly agents = new Set<string>();
  state: StreamState = "connecting";
  #listeners = new Set<() => void>();
  #stream: LiveStream | null = null;
  #stopped = false;

  readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  /**
   * Call `fn` on every change; returns the unsubscribe function.
   *
   * @example
   * ctx.onLeave(store.subscribe(render));
   */
  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * Load recent history (auditor, admin) and open the stream.
   *
   * @example
   * await store.start(can.readAudit);
   */
  async start(readHistory: boolean): Promise<void> {
    if (readHistory) {
      try {
        const page = await this.api.get<{ decisions: Record<string, unknown>[] }>(withQuery("/v2/decisions", { from: new Date(Date.now() - 15 * 60_000).toISOString(), limit: MAX_ROWS }));
        for (const d of page.decisions) this.add(toRow(d), false);
        this.#emit();
      } catch {
        // history is a convenience; the stream is what matters
      }
    }
    void this.#run();
  }

  /**
   * Add a decision (deduplicated by event id).
   *
   * @example
   * store.add(toRow(event.data));
   */
  add(row: DecisionRow, emit = true): void {
    if (row.event_id !== "" && this.rows.some((r) => r.event_id === row.event_id)) return;
    this.rows.unshift(row);
    this.rows.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
    if (this.rows.length > MAX_ROWS) this.rows.length = MAX_ROWS;
    if (row.agent_id !== "") this.agents.add(row.agent_id);
    if (emit) this.#emit();
  }

  /**
   * A decision held, by decision or event id.
   *
   * @example
   * store.find(id)?.violations;
   */
  find(id: string): DecisionRow | undefined {
    return this.rows.find((r) => r.decision_id === id || r.event_id === id);
  }

  /** Close the stream for good (log out). */
  stop(): void {
    this.#stopped = true;
    this.#stream?.close();
    this.#setState("stopped");
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        const token = await this.api.post<{ token: string; url: string; protocol: "nethical-stream"; expires_at: string }>("/v2/streams/token", { stream: "decisions" });
        this.#stream = openStream(location.origin, token);
        await this.#stream.ready;
        this.#setState("live");
        for await (const event of this.#stream) this.add(toRow(event.data));
      } catch {
        // ended or refused: reopen below
      }
      if (this.#stopped) break;
      this.#setState("reconnecting");
      await new Promise((r) => setTimeout(r, REOPEN_MS));
    }
  }

  #setState(state: StreamState): void {
    this.state = state;
    this.#emit();
  }

  #emit(): void {
    for (const fn of this.#listeners) fn();
  }
}
