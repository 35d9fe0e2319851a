/**
 * The client's `fetch`: every request gets the API key, an `x-request-id` (kept across retries, so the
 * Worker's logs and problem `instance` tie the attempts together), a per-attempt timeout combined with the
 * caller's AbortSignal, and retries on 429 (and, for requests safe to repeat — reads, evaluate and batch
 * with their `request_id` — on 503, network failures and timeouts) as {@link retryDelayMs} says. A final answer that is not a success becomes a
 * {@link NethicalApiError} carrying the problem+json.
 *
 * Runs on the Fetch API alone (Node, browsers, Workers).
 */
import { NethicalApiError, type Problem } from "./errors.ts";
import { DEFAULT_RETRY, RETRYABLE_STATUSES, retryDelayMs, serverWaitMs, type RetryOptions } from "./retry-policy.ts";

/** One retry about to happen (for logging and tests). */
export interface RetryEvent {
  method: string;
  path: string;
  requestId: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  /** Its status, or 0 for a network failure or timeout. */
  status: number;
  /** What the server asked for (Retry-After or RateLimit reset), if anything. */
  serverWaitMs: number | undefined;
  /** What the client will wait before the next attempt. */
  delayMs: number;
}

/** Transport settings. */
export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  /** The fetch to use (default `globalThis.fetch`); a Worker may pass a service binding's or the app's. */
  fetch?: (request: Request) => Promise<Response>;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  onRetry?: (event: RetryEvent) => void;
}

/** The default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** POSTs that may be sent twice: evaluate and batch carry a `request_id` the client fills in; export reads. */
const IDEMPOTENT_POSTS = new Set(["/v2/evaluate", "/v2/batch-evaluate", "/v2/audit/export"]);

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * A fresh request id (a UUID), in the form the Worker accepts (`http/src/request-context.ts`).
 *
 * @example
 * newRequestId(); // "3f1c…-…"
 */
export function newRequestId(): string {
  return crypto.randomUUID();
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function problemOf(response: Response): Promise<Problem | undefined> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) {
    await response.body?.cancel();
    return undefined;
  }
  try {
    const body: unknown = await response.json();
    return body !== null && typeof body === "object" && typeof (body as Problem).title === "string" ? (body as Problem) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Build the client's fetch. It resolves with the response of a successful attempt and throws a
 * {@link NethicalApiError} otherwise.
 *
 * @example
 * const send = createTransport({ baseUrl: "http://127.0.0.1:8787", apiKey });
 * const res = await send(new Request("http://127.0.0.1:8787/v2/whoami"));
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const doFetch = options.fetch ?? ((r: Request) => globalThis.fetch(r));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const idempotent = method === "GET" || method === "HEAD" || (method === "POST" && IDEMPOTENT_POSTS.has(url.pathname));
    const given = request.headers.get("x-request-id");
    const requestId = given !== null && REQUEST_ID.test(given) ? given : newRequestId();
    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${options.apiKey}`);
    headers.set("x-request-id", requestId);
    if (!headers.has("accept")) headers.set("accept", "application/json, application/problem+json");
    const body = request.body === null ? null : await request.arrayBuffer();
    const callerSignal = request.signal;
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.any([callerSignal, AbortSignal.timeout(timeoutMs)]);
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await doFetch(new Request(url, { method, headers, body, signal }));
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        failure = error;
      }
      if (response !== undefined && response.ok) return response;
      const status = response?.status ?? 0;
      const wait = response === undefined ? undefined : serverWaitMs(response.headers, Date.now());
      // A 429 is answered before anything happens; a 503 may come from a Durable Object call that timed
      // out after doing its work, so a write that is not safe to repeat is not retried on it.
      const retryable = response === undefined ? idempotent : status === 429 || (idempotent && RETRYABLE_STATUSES.has(status));
      const delay = retryable ? retryDelayMs({ retry: attempt, serverWaitMs: wait, options: retry, random: Math.random() }) : undefined;
      if (delay === undefined) {
        if (response === undefined) {
          const timedOut = failure instanceof DOMException && failure.name === "TimeoutError";
          throw new NethicalApiError({ status: 0, requestId, attempts: attempt, message: timedOut ? `timed out after ${timeoutMs} ms` : "network failure", cause: failure });
        }
        const problem = await problemOf(response);
        throw new NethicalApiError({ status, requestId, attempts: attempt, ...(problem ? { problem } : {}), ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
      }
      await response?.body?.cancel();
      options.onRetry?.({ method, path: url.pathname, requestId, attempt, status, serverWaitMs: wait, delayMs: delay });
      await sleep(delay, callerSignal);
    }
  };
}
