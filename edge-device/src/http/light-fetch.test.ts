import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Device } from "../device.ts";
import { deviceWithPolicy } from "../testing/fixtures.ts";
import { deviceApi } from "./http-api.ts";
import { serveLocal } from "./http-server.ts";
import { LightHeaders, LightRequest, LightResponse, installLightFetch } from "./light-fetch.ts";

// undici's classes, kept before any test swaps the globals (reading them loads undici: fine in a test).
const Undici = { Headers: globalThis.Headers, Request: globalThis.Request, Response: globalThis.Response };
const restoreGlobals = () => Object.assign(globalThis, Undici);
/** A Headers' entries in iteration order (forEach: the lib types here have no Headers iterator). */
const pairs = (h: { forEach(cb: (value: string, name: string) => void): void }): [string, string][] => {
  const out: [string, string][] = [];
  h.forEach((value, name) => out.push([name, value]));
  return out;
};

describe("LightHeaders behaves as the Fetch standard's Headers for what the local API uses", () => {
  const ops = (h: { append(n: string, v: string): void; set(n: string, v: string): void; delete(n: string): void }) => {
    h.append("X-B", "1");
    h.append("x-b", " 2 ");
    h.set("Content-Type", "application/json");
    h.append("set-cookie", "a=1");
    h.append("Set-Cookie", "b=2");
    h.append("x-a", "z");
    h.set("x-gone", "1");
    h.delete("X-GONE");
  };

  it("same entries, order, get and getSetCookie as undici's Headers after the same calls", () => {
    const light = new LightHeaders();
    const undici = new Undici.Headers();
    ops(light);
    ops(undici);
    expect([...light]).toEqual(pairs(undici));
    for (const name of ["x-b", "X-B", "content-type", "set-cookie", "x-gone", "missing"]) expect(light.get(name)).toBe(undici.get(name));
    expect(light.getSetCookie()).toEqual(undici.getSetCookie());
    expect(light.has("X-A")).toBe(true);
    const seen: string[] = [];
    light.forEach((v, n) => seen.push(`${n}=${v}`));
    expect(seen).toEqual(pairs(undici).map(([n, v]) => `${n}=${v}`));
  });

  it("takes a record, pairs, another Headers (set-cookie kept apart) or undici's Headers", () => {
    const from = new Undici.Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x", "y"]]);
    expect([...new LightHeaders(from)]).toEqual(pairs(from));
    expect([...new LightHeaders(new LightHeaders({ A: "1" }))]).toEqual([["a", "1"]]);
    expect([...new LightHeaders([["b", "2"], ["a", "1"]])]).toEqual([["a", "1"], ["b", "2"]]);
  });
});

describe("LightResponse and LightRequest bodies", () => {
  it("a string body gets text/plain unless typed, like undici's Response", async () => {
    for (const [body, init] of [["hi", {}], ["{}", { headers: { "content-type": "application/json" } }], [null, { status: 204 }]] as const) {
      const light = new LightResponse(body, init);
      const undici = new Undici.Response(body, init);
      expect(light.status).toBe(undici.status);
      expect([...light.headers]).toEqual(pairs(undici.headers));
      expect(light.body === null).toBe(undici.body === null);
      expect(await light.text()).toBe(await undici.text());
    }
  });

  it("a response made from another (as Hono does) keeps status, headers and body without reading a stream", async () => {
    const first = new LightResponse("payload", { status: 201, headers: { "x-a": "1" } });
    const second = new LightResponse(first.body, first);
    expect(second.status).toBe(201);
    expect(second.headers.get("x-a")).toBe("1");
    expect(await second.text()).toBe("payload");
  });

  it("reads a body once; bytes, text, json and a streamed body", async () => {
    const r = new LightRequest("http://127.0.0.1/x", { method: "post", body: Buffer.from('{"a":1}') });
    expect(r.method).toBe("POST");
    expect(await r.json()).toEqual({ a: 1 });
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow("already been used");
    const streamed = new LightResponse(new Undici.Response("streamed").body);
    expect(await streamed.text()).toBe("streamed");
    expect(LightResponse.json({ ok: true }).headers.get("content-type")).toBe("application/json");
    expect(() => new LightResponse(null, { status: 99 })).toThrow(RangeError);
  });

  it("hands a body in memory over once without a stream; a streamed or viewed body is read the usual way", async () => {
    const r = new LightRequest("http://127.0.0.1/x", { method: "POST", body: Buffer.from("{}") });
    expect(new TextDecoder().decode(r.takeBufferedBody() as Uint8Array)).toBe("{}");
    expect(r.bodyUsed).toBe(true);
    expect(r.takeBufferedBody()).toBeUndefined();
    expect(new LightRequest("http://127.0.0.1/x").takeBufferedBody()).toBeNull();
    const viewed = new LightRequest("http://127.0.0.1/x", { method: "POST", body: Buffer.from("{}") });
    expect(viewed.body).not.toBeNull();
    expect(viewed.takeBufferedBody()).toBeUndefined();
    expect(new LightResponse(new Undici.Response("s").body).takeBufferedBody()).toBeUndefined();
  });
});

describe("the device API answers the same bytes on the light classes as on undici's", () => {
  let device: Device;
  let remove: () => void;
  beforeAll(async () => {
    ({ device, remove } = await deviceWithPolicy());
  });
  afterAll(() => {
    restoreGlobals();
    remove();
  });

  const cases: { path: string; method?: string; type?: string; body?: string }[] = [
    { path: "/v2/evaluate", body: JSON.stringify({ agent_id: "a", action: "rm -rf /", action_type: "code_execution", request_id: "d-1" }) },
    { path: "/v2/evaluate", body: JSON.stringify({ agent_id: "b", action: "list files", action_type: "code_execution", request_id: "d-2" }) },
    { path: "/v2/evaluate", body: "{not json" },
    { path: "/v2/evaluate", body: '{"agent_id":"a","action":"x","action_type":"query","extra":1}' },
    { path: "/v2/evaluate", body: '{"agent_id":"a"}', type: "text/plain" },
    { path: "/v2/evaluate", body: "[".repeat(100) },
    { path: "/v2/evaluate", body: JSON.stringify({ agent_id: "a", action: "x".repeat(300_000), action_type: "query" }) },
    { path: "/v2/evaluate/batch", body: JSON.stringify({ requests: [{ agent_id: "a", action: "ls", action_type: "query", request_id: "b-1" }, { agent_id: "a" }] }) },
    { path: "/v2/evaluate", method: "GET" },
    { path: "/nowhere", method: "GET" },
  ];
  // What differs between two runs whatever the classes: the clock, ids the device makes, measured latency
  // (and so the length of a decision body).
  const VARYING = new Set(["date", "content-length", "x-nethical-latency-ms", "x-request-id", "x-nethical-agent-seq"]);

  // Each run decides for its own agents (their state would otherwise differ between the runs).
  async function answers(run: string): Promise<string[]> {
    const server = await serveLocal(deviceApi(device.governor, () => ({ mode: "OFFLINE" })).fetch, 0);
    try {
      const out: string[] = [];
      for (const c of cases) {
        const res = await fetch(`${server.url}${c.path}`, {
          method: c.method ?? "POST",
          headers: { "content-type": c.type ?? "application/json", "x-request-id": "req-same" },
          body: c.body?.replaceAll('"agent_id":"', `"agent_id":"${run}-`),
        });
        const headers = pairs(res.headers).filter(([n]) => !VARYING.has(n));
        const body = (await res.text()).replace(/"(latency_ms|agent_seq|decided_at|timestamp)":[^,}]+/g, '"$1":_');
        out.push(JSON.stringify([res.status, headers, body]));
      }
      return out;
    } finally {
      await server.close();
    }
  }

  it("status, headers and body of decisions and problem bodies", async () => {
    const withUndici = await answers("undici");
    installLightFetch();
    const withLight = await answers("light");
    restoreGlobals();
    expect(withLight).toEqual(withUndici);
    expect(withLight.some((a) => a.includes("application/problem+json"))).toBe(true);
  });
});

describe("installLightFetch", () => {
  it("swaps the globals without loading undici, and a decision-shaped round trip never loads it", () => {
    const module = fileURLToPath(new URL("./light-fetch.ts", import.meta.url));
    const script = `
      const { installLightFetch } = await import(${JSON.stringify(module)});
      installLightFetch();
      const req = new Request("http://127.0.0.1/v2/evaluate", { method: "POST", headers: new Headers({ a: "b" }), body: new TextEncoder().encode("{}") });
      const text = await new Response(await req.text(), { status: 200, headers: { "content-type": "application/json" } }).text();
      console.log(JSON.stringify({ text, undici: process.moduleLoadList.some((m) => m.includes("undici")) }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ text: "{}", undici: false });
  });

  // In the TypeScript source form an ES-module import of node:http loads undici anyway (the build imports
  // built-ins without that facade: scripts/build.ts), so this checks the web streams only.
  it("the local API answers a decision over HTTP without loading Node's web streams", () => {
    const at = (f: string) => JSON.stringify(fileURLToPath(new URL(f, import.meta.url)));
    const script = `
      const { installLightFetch } = await import(${at("./light-fetch.ts")});
      installLightFetch();
      const { deviceWithPolicy } = await import(${at("../testing/fixtures.ts")});
      const { deviceApi } = await import(${at("./http-api.ts")});
      const { serveLocal } = await import(${at("./http-server.ts")});
      const http = await import("node:http");
      const { device, remove } = await deviceWithPolicy();
      const server = await serveLocal(deviceApi(device.governor, () => ({ mode: "OFFLINE" })).fetch, 0);
      const body = JSON.stringify({ agent_id: "a", action: "list files", action_type: "query" });
      const answer = await new Promise((resolve, reject) => {
        const req = http.request(server.url + "/v2/evaluate", { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
          let text = ""; res.setEncoding("utf8"); res.on("data", (c) => (text += c)); res.on("end", () => resolve({ status: res.statusCode, decision: JSON.parse(text).decision }));
        });
        req.on("error", reject); req.end(body);
      });
      await server.close(); remove();
      const loaded = (name) => process.moduleLoadList.some((m) => m.includes(name));
      console.log(JSON.stringify({ ...answer, webStreams: loaded("stream/web") }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", cwd: fileURLToPath(new URL(".", import.meta.url)) });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ status: 200, decision: "ALLOW", webStreams: false });
  });
});
