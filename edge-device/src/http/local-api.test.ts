import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Device } from "../device.ts";
import { deviceWithPolicy } from "../testing/fixtures.ts";
import { deviceApi } from "./http-api.ts";
import { BUFFERED_BODY_MAX, serveLocal, type LocalServer } from "./http-server.ts";

let device: Device;
let server: LocalServer;
let remove: () => void;

beforeAll(async () => {
  ({ device, remove } = await deviceWithPolicy());
  server = await serveLocal(deviceApi(device.governor, () => ({ mode: "OFFLINE" })).fetch, 0);
});
afterAll(async () => {
  await server.close();
  remove();
});

const post = (path: string, body: string, type = "application/json") =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": type, "x-request-id": "req-abc" }, body });

describe("local HTTP API: the Worker's shapes, problem+json errors, loopback only", () => {
  it("listens on 127.0.0.1 only", () => {
    const address = server.server.address();
    expect(typeof address === "object" && address?.address).toBe("127.0.0.1");
  });

  it("POST /v2/evaluate answers a decision with mode, bundle and headers", async () => {
    const res = await post("/v2/evaluate", JSON.stringify({ agent_id: "a", action: "rm -rf /", action_type: "code_execution", request_id: "d-1" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ decision_id: "d-1", decision: "BLOCK", mode: "OFFLINE", bundle: { seq: 1 }, agent_seq: 1 });
    expect(res.headers.get("x-nethical-policy-version")).toBe(body.policy_version);
    expect(res.headers.get("x-nethical-mode")).toBe("OFFLINE");
    expect(res.headers.get("x-request-id")).toBe("req-abc");
  });

  it("bad input is 4xx application/problem+json and never echoes the input", async () => {
    const cases: [string, string, number, string][] = [
      ["{not json", "application/json", 400, "invalid-json"],
      ['{"agent_id":"a","action":"secret-sk_live_zz","action_type":"query","extra":1}', "application/json", 422, "validation-failed"],
      ['{"agent_id":"a"}', "text/plain", 415, "unsupported-media-type"],
      ["[".repeat(100), "application/json", 400, "nesting-too-deep"],
    ];
    for (const [body, type, status, slug] of cases) {
      const res = await post("/v2/evaluate", body, type);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ type: `urn:nethical:problem:${slug}`, status, instance: "req-abc" });
      expect(text).not.toContain("sk_live_zz");
    }
    const big = await post("/v2/evaluate", JSON.stringify({ agent_id: "a", action: "x".repeat(300_000), action_type: "query" }));
    expect(big.status).toBe(413);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it("POST /v2/batch-evaluate keeps order and gives bad items their own problem", async () => {
    const res = await post(
      "/v2/batch-evaluate",
      JSON.stringify({ requests: [{ agent_id: "b", action: "hello", action_type: "query" }, { agent_id: "b" }, { agent_id: "b", action: "rm -rf /", action_type: "code_execution" }] }),
    );
    const { results } = (await res.json()) as { results: any[] };
    expect(results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([[0, 200], [1, 422], [2, 200]]);
    expect(results[0].agent_seq).toBe(1);
    expect(results[2].agent_seq).toBe(2);
    expect(results[2].response.decision).toBe("BLOCK");
    expect(results[1].problem.errors[0].path).toMatch(/^requests\.1/);
    const empty = await post("/v2/batch-evaluate", JSON.stringify({ requests: [] }));
    expect(empty.status).toBe(422);
  });

  it("a body past the server's buffer cap is streamed to the app and refused with 413, declared or chunked", async () => {
    const huge = "x".repeat(BUFFERED_BODY_MAX + 10);
    const declared = await post("/v2/batch-evaluate", huge);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ type: "urn:nethical:problem:payload-too-large" });
    const chunks = [huge.slice(0, 1_000_000), huge.slice(1_000_000)];
    const chunked = await fetch(`${server.url}/v2/batch-evaluate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ type: "urn:nethical:problem:payload-too-large" });
  });

  it("GET /status answers JSON", async () => {
    expect(await (await fetch(`${server.url}/status`)).json()).toEqual({ mode: "OFFLINE" });
  });
});
