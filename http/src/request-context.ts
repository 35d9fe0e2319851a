/**
 * Request identity and tracing: `X-Request-Id` (the caller's, when sane, else a fresh UUID), W3C
 * `traceparent` passed through when its format is valid, and `X-Nethical-Latency-Ms` on every response.
 */
import { createMiddleware } from "hono/factory";

/** The per-request variables every adapter's Hono environment carries (the Worker's adds more). */
export interface RequestVariables {
  /** Sane `X-Request-Id` from the caller, or a fresh UUID. Also each problem's `instance`. */
  requestId: string;
  /** `performance.now()` when the request arrived; used for `X-Nethical-Latency-Ms`. */
  startedAt: number;
}

/** Any Hono environment whose variables include {@link RequestVariables}. */
export interface RequestEnv {
  Variables: RequestVariables;
}

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The caller's request id if it is sane (1–128 of `A-Z a-z 0-9 . _ : -`), otherwise a new UUID.
 *
 * @example
 * requestIdFrom("abc-123");      // "abc-123"
 * requestIdFrom("<script>");     // a fresh UUID
 */
export function requestIdFrom(header: string | null | undefined): string {
  return header !== null && header !== undefined && REQUEST_ID.test(header) ? header : crypto.randomUUID();
}

/**
 * Whether a `traceparent` header is well formed (W3C Trace Context level 1: version not `ff`, trace id
 * and parent id not all zeros).
 *
 * @example
 * isValidTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"); // true
 * isValidTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"); // false
 */
export function isValidTraceparent(header: string | null | undefined): boolean {
  if (header === null || header === undefined) return false;
  const match = TRACEPARENT.exec(header);
  if (match === null) return false;
  const [, version, traceId, parentId] = match;
  return version !== "ff" && !/^0+$/.test(traceId ?? "") && !/^0+$/.test(parentId ?? "");
}

/**
 * Milliseconds since `startedAt`, rounded to 3 decimals, never negative.
 *
 * @example
 * elapsedMs(performance.now()); // 0 or a little more
 */
export function elapsedMs(startedAt: number): number {
  return Math.max(0, Math.round((performance.now() - startedAt) * 1000) / 1000);
}

/**
 * Middleware: sets `requestId` and `startedAt`, and on the way out adds `X-Request-Id`, a valid
 * `traceparent`, and `X-Nethical-Latency-Ms` (unless the route already set it).
 *
 * @example
 * app.use("*", requestContext());
 */
export function requestContext<E extends RequestEnv>() {
  return createMiddleware<E>(async (c, next) => {
    c.set("startedAt", performance.now());
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", requestId);
    await next();
    const headers = c.res.headers;
    headers.set("x-request-id", requestId);
    const traceparent = c.req.header("traceparent");
    if (isValidTraceparent(traceparent) && traceparent !== undefined) headers.set("traceparent", traceparent);
    if (!headers.has("x-nethical-latency-ms")) headers.set("x-nethical-latency-ms", String(elapsedMs(c.get("startedAt"))));
  });
}
