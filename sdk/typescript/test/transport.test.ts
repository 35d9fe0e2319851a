/**
 * The transport against a real local HTTP server that answers what each case needs (503 with
 * Retry-After, 429 with only RateLimit headers, no answer at all): what is retried, after what wait, with
 * the same request id and body, and what is not.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NethicalApiError, type RetryEvent } from "@nethical/client";
import { createTransport } from "../src/transport.ts";

type Seen = { method: string; path: string; requestId: string; body: string; authorization: string };
let handler: (req: IncomingMessage, res: ServerResponse, n: number) => void = () => {};
let seen: Seen[] = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method ?? "", path: req.url ?? "", requestId: String(req.headers["x-request-id"]), body, authorization: String(req.headers.authorization) });
    handler(req, res, seen.length);
  });
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function start(h: typeof handler): void {
  handler = h;
  seen = [];
}
const problem = (res: ServerResponse, status: number, headers: Record<string, string>) => {
  res.writeHead(status, { "content-type": "application/problem+json", ...headers });
  res.end(JSON.stringify({ type: "urn:nethical:problem:unavailable", title: "Dependency unavailable", status, detail: "try again" }));
};

describe("transport", () => {
  it("retries a 503 after its Retry-After with the same request id and body", async () => {
    start((_req, res, n) => (n === 1 ? problem(res, 503, { "retry-after": "1" }) : (res.writeHead(200, { "content-type": "application/json" }), res.end("{}"))));
    const retries: RetryEvent[] = [];
    const send = createTransport({ baseUrl: base, apiKey: "nk_t.k.s", onRetry: (e) => retries.push(e) });
    const res = await send(new Request(`${base}/v2/evaluate`, { method: "POST", body: '{"agent_id":"a"}', headers: { "x-request-id": "req-1" } }));
    expect(res.status).toBe(200);
    expect(seen.map((s) => [s.requestId, s.body, s.authorization])).toEqual([["req-1", '{"agent_id":"a"}', "Bearer nk_t.k.s"], ["req-1", '{"agent_id":"a"}', "Bearer nk_t.k.s"]]);
    expect(retries).toEqual([{ method: "POST", path: "/v2/evaluate", requestId: "req-1", attempt: 1, status: 503, serverWaitMs: 1000, delayMs: expect.any(Number) }]);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it("waits for the RateLimit reset when a 429 has no Retry-After, and gives up after the retries", async () => {
    start((_req, res) => problem(res, 429, { "ratelimit-limit": "5", "ratelimit-remaining": "0", "ratelimit-reset": "0" }));
    const retries: RetryEvent[] = [];
    const send = createTransport({ baseUrl: base, apiKey: "k", retry: { retries: 2 }, onRetry: (e) => retries.push(e) });
    const error = (await send(new Request(`${base}/v2/whoami`)).catch((e: unknown) => e)) as NethicalApiError;
    expect(error).toBeInstanceOf(NethicalApiError);
    expect([error.status, error.attempts, error.problem?.title]).toEqual([429, 3, "Dependency unavailable"]);
    expect(retries.map((r) => r.serverWaitMs)).toEqual([0, 0]);
    expect(new Set(seen.map((s) => s.requestId)).size).toBe(1);
  });

  it("times out each attempt; retries reads, never a write that may have happened", async () => {
    start(() => {}); // never answers
    const send = createTransport({ baseUrl: base, apiKey: "k", timeoutMs: 100, retry: { baseDelayMs: 10 } });
    const read = (await send(new Request(`${base}/v2/agents/a`)).catch((e: unknown) => e)) as NethicalApiError;
    expect([read.status, read.attempts, read.message]).toEqual([0, 3, expect.stringContaining("timed out after 100 ms")]);
    seen = [];
    const write = (await send(new Request(`${base}/v2/agents/a/reinstate`, { method: "POST", body: "{}" })).catch((e: unknown) => e)) as NethicalApiError;
    expect([write.status, write.attempts]).toEqual([0, 1]);
    expect(seen).toHaveLength(1);
  });

  it("does not retry a 503 on a write that is not safe to repeat (the work may have been done)", async () => {
    start((_req, res) => problem(res, 503, { "retry-after": "0" }));
    const send = createTransport({ baseUrl: base, apiKey: "k" });
    const error = (await send(new Request(`${base}/v2/policies?policy_id=p`, { method: "POST", body: "{}" })).catch((e: unknown) => e)) as NethicalApiError;
    expect([error.status, error.attempts, error.retryAfterMs]).toEqual([503, 1, 0]);
    expect(seen).toHaveLength(1);
  });

  it("stops at once when the caller aborts, even while waiting to retry", async () => {
    start((_req, res) => problem(res, 503, { "retry-after": "20" }));
    const controller = new AbortController();
    const send = createTransport({ baseUrl: base, apiKey: "k", retry: { maxDelayMs: 60_000 }, onRetry: () => controller.abort(new Error("caller gave up")) });
    await expect(send(new Request(`${base}/v2/whoami`, { signal: controller.signal }))).rejects.toThrow("caller gave up");
    expect(seen).toHaveLength(1);
  });
});
