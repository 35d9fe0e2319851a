/**
 * Uploads the decision log to the Worker, `POST /v2/audit/ingest` with `{"events": [AuditEvent…]}` in log
 * order, in batches. Exactly once, end to end: an event is marked uploaded only after a 2xx; if the answer
 * is lost (crash, timeout, partition) the batch is sent again and the server's idempotency on `event_id`
 * drops the copies. Non-2xx answers and network errors leave the events pending and back off.
 */
import { postBody } from "./post-body.ts";
import type { DecisionLog } from "./decision-log.ts";

export interface UploaderOptions {
  serverUrl: string;
  /** `authorization: Bearer …` (the device's API key from enrolment). */
  apiKey?: string;
  batchSize: number;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** Path of the ingest endpoint. */
  path?: string;
}

/** Upload counters, for status. */
export interface UploadState {
  uploaded: number;
  batches: number;
  failures: number;
  last_status: number | null;
  last_error: string | null;
}

export class Uploader {
  readonly #log: DecisionLog;
  readonly #o: UploaderOptions;
  readonly #state: UploadState = { uploaded: 0, batches: 0, failures: 0, last_status: null, last_error: null };
  #busy: Promise<number> | undefined;

  /**
   * @example
   * const uploader = new Uploader(device.log, { serverUrl: "https://api.example.com", apiKey, batchSize: 500 });
   */
  constructor(log: DecisionLog, options: UploaderOptions) {
    this.#log = log;
    this.#o = options;
  }

  /** A copy of the counters. */
  get state(): UploadState {
    return { ...this.#state };
  }

  /**
   * Upload one batch; returns how many events were confirmed (0 when there was nothing or it failed).
   * Concurrent calls share one in-flight upload.
   *
   * @example
   * await uploader.uploadBatch(); // 500
   */
  uploadBatch(): Promise<number> {
    this.#busy ??= this.#upload().finally(() => {
      this.#busy = undefined;
    });
    return this.#busy;
  }

  /**
   * Upload until nothing is pending or a batch fails; returns the events confirmed.
   *
   * @example
   * await uploader.drain();
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const before = this.#log.pendingCount;
      if (before === 0) return total;
      const n = await this.uploadBatch();
      if (n === 0) return total;
      total += n;
    }
  }

  async #upload(): Promise<number> {
    const batch = this.#log.pending(this.#o.batchSize);
    if (batch.length === 0) return 0;
    const body = `{"events":[${batch.map((e) => e.body).join(",")}]}`;
    let status: number;
    try {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        ...(this.#o.apiKey !== undefined ? { authorization: `Bearer ${this.#o.apiKey}` } : {}),
      };
      status = await postBody(new URL(this.#o.path ?? "/v2/audit/ingest", this.#o.serverUrl), body, headers, this.#o.timeoutMs ?? 15_000);
    } catch (error) {
      this.#state.failures++;
      this.#state.last_error = (error as Error).name === "TimeoutError" ? "timeout" : "network error";
      return 0;
    }
    this.#state.last_status = status;
    if (status < 200 || status > 299) {
      this.#state.failures++;
      this.#state.last_error = `ingest answered ${status}`;
      return 0;
    }
    this.#log.markUploaded(batch.map((e) => e.seq));
    this.#state.uploaded += batch.length;
    this.#state.batches++;
    this.#state.last_error = null;
    return batch.length;
  }
}
