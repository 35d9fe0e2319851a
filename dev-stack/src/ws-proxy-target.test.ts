/**
 * The proxy forwards only to loopback: every other address, a wrong path, a malformed address and a
 * foreign browser Origin are refused before any TCP connection is made.
 */
import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseProxyTarget } from "./ws-proxy-target.ts";

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "127.255.255.255", "localhost", "LOCALHOST", "::1", "[::1]"])("accepts %s", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each([
    "10.0.0.1", "0.0.0.0", "169.254.169.254", "192.168.1.1", "128.0.0.1", "127.0.0.256", "127.0.0", "127.0.0.1.nip.io",
    "localhost.example.com", "::", "::ffff:10.0.0.1", "db.internal", "",
  ])("refuses %s", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("parseProxyTarget", () => {
  it("accepts the Neon driver's /v2?address=host:port for a loopback Postgres", () => {
    expect(parseProxyTarget("/v2?address=127.0.0.1:5432", undefined)).toEqual({ ok: true, host: "127.0.0.1", port: 5432 });
    expect(parseProxyTarget("/v2?address=localhost:6543", undefined)).toEqual({ ok: true, host: "127.0.0.1", port: 6543 });
    expect(parseProxyTarget("/v2?address=[::1]:5432", undefined)).toEqual({ ok: true, host: "::1", port: 5432 });
  });

  it("refuses non-loopback targets with 403", () => {
    for (const address of ["10.0.0.5:5432", "db.example.com:5432", "169.254.169.254:80", "0.0.0.0:5432"]) {
      expect(parseProxyTarget(`/v2?address=${address}`, undefined)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it("refuses other paths with 404", () => {
    expect(parseProxyTarget("/v1?address=127.0.0.1:5432", undefined)).toMatchObject({ ok: false, status: 404 });
    expect(parseProxyTarget("/?address=127.0.0.1:5432", undefined)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses a missing or malformed address with 400", () => {
    for (const url of ["/v2", "/v2?address=", "/v2?address=127.0.0.1", "/v2?address=:5432", "/v2?address=127.0.0.1:0",
      "/v2?address=127.0.0.1:70000", "/v2?address=127.0.0.1:54x2", "/v2?address=127.0.0.1:-1"]) {
      expect(parseProxyTarget(url, undefined)).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("refuses a web page from another origin (cross-site WebSocket hijacking) but not a local one", () => {
    const url = "/v2?address=127.0.0.1:5432";
    expect(parseProxyTarget(url, "https://evil.example")).toMatchObject({ ok: false, status: 403 });
    expect(parseProxyTarget(url, "null")).toMatchObject({ ok: false, status: 403 });
    expect(parseProxyTarget(url, "http://localhost:8787")).toMatchObject({ ok: true });
    expect(parseProxyTarget(url, "http://127.0.0.1:8787")).toMatchObject({ ok: true });
  });
});
