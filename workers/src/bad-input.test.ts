/**
 * Bad input never reaches the engine and never causes a 5xx: every case answers 4xx
 * `application/problem+json` with type, title, status, detail and instance (= X-Request-Id), without a
 * stack trace and without echoing what was sent.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action, api, createTenant, type TestTenant } from "./testing/api.ts";

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant("bad");
});

async function expectProblem(res: Response, status: number, slug: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const text = await res.text();
  expect(text).not.toMatch(/at .+\.ts:\d+|Error:/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `urn:nethical:problem:${slug}`, status });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(body.instance).toBe(res.headers.get("x-request-id"));
  return body;
}

function post(path: string, body: BodyInit, contentType: string | null = "application/json", headers: Record<string, string> = {}): Promise<Response> {
  return api(path, { key: t.keys.agent, body, headers: contentType === null ? headers : { "content-type": contentType, ...headers } });
}

describe("bad input to /v2/evaluate", () => {
  it("malformed JSON → 400, without quoting the body", async () => {
    const body = await expectProblem(await post("/v2/evaluate", '{"agent_id":"a1","action":"AKIAIOSFODNN7EXAMPLE'), 400, "invalid-json");
    expect(JSON.stringify(body)).not.toContain("AKIA");
  });

  it("empty body → 400", async () => {
    await expectProblem(await post("/v2/evaluate", ""), 400, "invalid-json");
  });

  it("wrong types → 422 naming the fields, not the values", async () => {
    const res = await api("/v2/evaluate", { key: t.keys.agent, json: { agent_id: 42, action: ["sk_live_secretvalue"], action_type: "query" } });
    const body = await expectProblem(res, 422, "validation-failed");
    const paths = (body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["agent_id", "action"]));
    expect(JSON.stringify(body)).not.toContain("sk_live_secretvalue");
  });

  it("unknown fields → 422", async () => {
    const res = await api("/v2/evaluate", { key: t.keys.agent, json: { ...action("a1"), decision_override: "ALLOW" } });
    const body = await expectProblem(res, 422, "validation-failed");
    expect(JSON.stringify(body.errors)).toContain("decision_override");
  });

  it("a JSON value that is not an object → 422", async () => {
    await expectProblem(await post("/v2/evaluate", "[1,2,3]"), 422, "validation-failed");
    await expectProblem(await post("/v2/evaluate", "null"), 422, "validation-failed");
  });

  it("oversize body (declared length) → 413", async () => {
    const big = JSON.stringify(action("a1", { context: { pad: "x".repeat(300 * 1024) } }));
    await expectProblem(await post("/v2/evaluate", big), 413, "payload-too-large");
  });

  it("oversize body (streamed, no length) → 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    await expectProblem(await post("/v2/evaluate", stream), 413, "payload-too-large");
  });

  it("invalid UTF-8 → 400", async () => {
    const prefix = new TextEncoder().encode('{"agent_id":"a1","action":"');
    const suffix = new TextEncoder().encode('","action_type":"query"}');
    const bytes = new Uint8Array([...prefix, 0xff, 0xfe, 0xc3, 0x28, ...suffix]);
    await expectProblem(await post("/v2/evaluate", bytes), 400, "invalid-encoding");
  });

  it("deep nesting → 400 before parsing, also for a hostile depth", async () => {
    let context: unknown = "leaf";
    for (let i = 0; i < 40; i++) context = { n: context };
    const res = await api("/v2/evaluate", { key: t.keys.agent, json: action("a1", { context }) });
    await expectProblem(res, 400, "nesting-too-deep");
    await expectProblem(await post("/v2/evaluate", "[".repeat(100_000)), 400, "nesting-too-deep");
  });

  it("wrong or missing content type, or a non-UTF-8 charset → 415", async () => {
    const json = JSON.stringify(action("a1"));
    await expectProblem(await post("/v2/evaluate", json, "text/plain"), 415, "unsupported-media-type");
    await expectProblem(await post("/v2/evaluate", json, null), 415, "unsupported-media-type");
    await expectProblem(await post("/v2/evaluate", json, "application/json; charset=latin1"), 415, "unsupported-media-type");
  });

  it("accepts the same request when it is well formed (the cases above fail for their reason only)", async () => {
    const res = await post("/v2/evaluate", JSON.stringify(action("a1")), "application/json; charset=utf-8");
    expect(res.status).toBe(200);
  });
});

describe("bad input to /v2/batch-evaluate", () => {
  it("empty batch → 422", async () => {
    await expectProblem(await api("/v2/batch-evaluate", { key: t.keys.agent, json: { requests: [] } }), 422, "validation-failed");
  });

  it("more than 100 items → 422", async () => {
    const requests = Array.from({ length: 101 }, (_, i) => action(`a${i}`));
    await expectProblem(await api("/v2/batch-evaluate", { key: t.keys.agent, json: { requests } }), 422, "validation-failed");
  });

  it("missing or misspelt `requests` → 422", async () => {
    await expectProblem(await api("/v2/batch-evaluate", { key: t.keys.agent, json: { request: [action("a1")] } }), 422, "validation-failed");
  });

  it("body over 4 MiB → 413", async () => {
    const requests = Array.from({ length: 80 }, (_, i) => action(`a${i}`, { action: "y".repeat(60_000) }));
    await expectProblem(await api("/v2/batch-evaluate", { key: t.keys.agent, json: { requests } }), 413, "payload-too-large");
  });
});

describe("bad input to PUT /v2/policies/active", () => {
  const put = (body: BodyInit, contentType = "application/json") =>
    api("/v2/policies/active", { method: "PUT", key: t.keys.operator, body, headers: { "content-type": contentType } });

  it("malformed JSON or YAML → 422 invalid-policy", async () => {
    await expectProblem(await put('{"version": 1,'), 422, "invalid-policy");
    await expectProblem(await put("version: [1\nname: x", "application/yaml"), 422, "invalid-policy");
  });

  it("oversize (over 1 MiB) → 413; invalid UTF-8 → 400; deep JSON → 400; deep YAML → 4xx", async () => {
    await expectProblem(await put(JSON.stringify({ pad: "x".repeat(1024 * 1024) })), 413, "payload-too-large");
    await expectProblem(await put(new Uint8Array([0x7b, 0xff, 0x7d])), 400, "invalid-encoding");
    await expectProblem(await put("[".repeat(10_000) + "]".repeat(10_000)), 400, "nesting-too-deep");
    const deepYaml = await put("[".repeat(5_000) + "]".repeat(5_000), "application/yaml");
    expect(deepYaml.status).toBeGreaterThanOrEqual(400);
    expect(deepYaml.status).toBeLessThan(500);
    expect(deepYaml.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("unknown routes and methods", () => {
  it("404 is problem+json", async () => {
    await expectProblem(await api("/nope"), 404, "not-found");
    await expectProblem(await api("/v2/nope", { key: t.keys.agent }), 404, "not-found");
  });

  it("405 is problem+json with an Allow header", async () => {
    const res = await api("/v2/evaluate", { key: t.keys.agent, method: "GET" });
    await expectProblem(res, 405, "method-not-allowed");
    expect(res.headers.get("allow")).toBe("POST");
    const del = await api("/v2/policies/active", { key: t.keys.admin, method: "DELETE" });
    await expectProblem(del, 405, "method-not-allowed");
    expect(del.headers.get("allow")).toBe("GET, HEAD, PUT");
  });
});
