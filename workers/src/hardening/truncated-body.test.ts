/**
 * Red-team defect 7: a truncated body was answered 500 text/plain with a stack trace. The Worker now
 * answers a body that breaks off with 400 problem+json (`incomplete-body` when the read fails, `invalid-json`
 * when the runtime ends the body early), and a declared Content-Length over the route's limit with 413
 * before reading it.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ORIGIN, createTenant } from "../testing/api.ts";

describe("bodies that never arrive whole", () => {
  it("a body that breaks off → 400 incomplete-body", async () => {
    const { keys } = await createTenant("truncated");
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"agent_id":"a","action":"rm -'));
        controller.error(new Error("connection reset by peer"));
      },
    });
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/v2/evaluate`, { method: "POST", headers: { authorization: `Bearer ${keys.agent}`, "content-type": "application/json" }, body, duplex: "half" } as RequestInit),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { type: string; detail: string };
    // workerd may surface the break as the end of the body (then the JSON is cut short) or as a read error.
    expect(["urn:nethical:problem:incomplete-body", "urn:nethical:problem:invalid-json"]).toContain(problem.type);
    expect(problem.detail).not.toMatch(/at .*\.ts:\d+/);
  });

  it("a declared 10 MiB body → 413 without reading it (the stream is never pulled)", async () => {
    const { keys } = await createTenant("declared");
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/v2/evaluate`, {
        method: "POST",
        headers: { authorization: `Bearer ${keys.agent}`, "content-type": "application/json", "content-length": String(10 * 1024 * 1024) },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10); // the stream's own start-up pulls at most; never the 10,240 chunks
  });
});
