import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { postBody } from "./post-body.ts";

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** A real HTTP server on a free port; `handle` answers each request after its body has arrived. */
async function serve(handle: (req: IncomingMessage, body: string, res: import("node:http").ServerResponse) => void): Promise<URL> {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => handle(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/v2/audit/ingest`);
}

describe("postBody: one POST over node:http", () => {
  it("sends the body, its byte length and the headers, and resolves the status after the answer's body", async () => {
    const seen: { method?: string; url?: string; headers?: IncomingMessage["headers"]; body?: string } = {};
    const url = await serve((req, body, res) => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ accepted: 1, pad: "x".repeat(100_000) }));
    });
    const body = '{"events":[{"note":"Grüße"}]}';
    expect(await postBody(url, body, { "content-type": "application/json", authorization: "Bearer k" }, 5000)).toBe(201);
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/v2/audit/ingest");
    expect(seen.body).toBe(body);
    expect(seen.headers?.["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(seen.headers?.authorization).toBe("Bearer k");
    expect(seen.headers?.["content-type"]).toBe("application/json");
  });

  it("resolves a non-2xx status rather than rejecting (the caller decides)", async () => {
    const url = await serve((_req, _body, res) => res.writeHead(503).end("busy"));
    expect(await postBody(url, "{}", {}, 5000)).toBe(503);
  });

  it("rejects with a TimeoutError when the answer does not complete in time", async () => {
    const url = await serve((_req, _body, res) => res.writeHead(200).write("partial")); // never ends
    await expect(postBody(url, "{}", {}, 150)).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("rejects a refused connection as a network error (not a timeout)", async () => {
    const url = await serve((_req, _body, res) => res.end());
    const closed = servers.pop() as Server;
    await new Promise((r) => closed.close(r));
    const error = await postBody(url, "{}", {}, 5000).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).not.toBe("TimeoutError");
    expect((error as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("refuses a URL that is not http: or https:", async () => {
    await expect(postBody(new URL("ftp://127.0.0.1/x"), "{}", {}, 1000)).rejects.toThrow(/ftp: is not http: or https:/);
  });
});
