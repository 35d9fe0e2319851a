/**
 * Seeding the development tenant (`npm start`) never makes a decision: the saved keys are checked with a
 * read (`GET /v2/policies/active`), so nothing lands in the audit log. It used to evaluate a `seed-check`
 * action on every start. A real HTTP server on loopback stands in for the Worker and records each call.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevTenant } from "./seed.ts";

const BOOTSTRAP = "nbk_test-bootstrap";
const calls: string[] = [];
/** Keys the fake Worker accepts; cleared to make saved keys stale. */
const issued = new Set<string>();
let server: Server;
let url: string;
const dir = mkdtempSync(join(tmpdir(), "nethical-seed-"));

beforeAll(async () => {
  let n = 0;
  server = createServer((req, res) => {
    const key = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    calls.push(`${req.method} ${req.url} ${key === BOOTSTRAP ? "bootstrap" : issued.has(key) ? "issued" : "unknown"}`);
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    req.resume();
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v2/admin/tenants" && key === BOOTSTRAP) return send(201, { tenant: "dev" });
      if (req.method === "POST" && req.url === "/v2/admin/tenants/dev/keys" && key === BOOTSTRAP) {
        const secret = `nk_${++n}`;
        issued.add(secret);
        return send(201, { secret });
      }
      if (req.method === "GET" && req.url === "/v2/policies/active") return issued.has(key) ? send(200, { seq: 1 }) : send(401, { title: "Unauthorized" });
      return send(404, { title: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("seedDevTenant", () => {
  it("seeds once, then only checks the saved keys with a read: no decision is ever made", async () => {
    const file = join(dir, "dev-tenant.json");
    const first = await seedDevTenant(url, BOOTSTRAP, file);
    expect(calls.splice(0)).toEqual([
      "POST /v2/admin/tenants bootstrap",
      ...Array.from({ length: 4 }, () => "POST /v2/admin/tenants/dev/keys bootstrap"),
    ]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);

    // A second `npm start`: one read with the saved operator key, and the saved keys are reused.
    expect(await seedDevTenant(url, BOOTSTRAP, file)).toEqual(first);
    expect(calls.splice(0)).toEqual(["GET /v2/policies/active issued"]);

    // The Worker's state was wiped (keys unknown): seeded anew, still without a decision.
    issued.clear();
    const fresh = await seedDevTenant(url, BOOTSTRAP, file);
    expect(fresh.keys.operator).not.toBe(first.keys.operator);
    const third = calls.splice(0);
    expect(third[0]).toBe("GET /v2/policies/active unknown");
    expect(third.slice(1).every((c) => c.startsWith("POST /v2/admin/"))).toBe(true);
    expect([...third].some((c) => c.includes("/v2/evaluate"))).toBe(false);
  });
});
