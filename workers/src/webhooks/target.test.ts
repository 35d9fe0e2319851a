/**
 * Webhook target rules: https only; private, loopback, link-local, CGNAT, unique-local, unspecified and
 * reserved IP literals refused (v4, v6 and v4 inside v6, in every spelling WHATWG URL accepts);
 * localhost and internal names refused; unsafe ports refused; loopback allowed only in development.
 */
import { describe, expect, it } from "vitest";
import { checkWebhookTarget, parseIpv6 } from "./target.ts";

const reasonOf = (url: string, development = false) => {
  const r = checkWebhookTarget(url, development);
  return r.ok ? "ok" : r.reason;
};

describe("checkWebhookTarget", () => {
  it("accepts public https URLs and keeps their canonical form", () => {
    expect(checkWebhookTarget("https://hooks.example.com/nethical?x=1", false)).toEqual({ ok: true, url: "https://hooks.example.com/nethical?x=1" });
    expect(reasonOf("https://93.184.216.34/hook")).toBe("ok");
    expect(reasonOf("https://[2606:4700::1111]/hook")).toBe("ok");
    expect(reasonOf("https://hooks.example.com:8443/hook")).toBe("ok");
  });

  it("refuses what is not https, cannot be parsed or carries credentials", () => {
    expect(reasonOf("http://hooks.example.com/hook")).toBe("not_https");
    expect(reasonOf("ftp://hooks.example.com/hook")).toBe("not_https");
    expect(reasonOf("javascript:alert(1)")).toBe("not_https");
    expect(reasonOf("not a url")).toBe("invalid_url");
    expect(reasonOf(`https://example.com/${"a".repeat(2100)}`)).toBe("invalid_url");
    expect(reasonOf("https://user:pw@hooks.example.com/hook")).toBe("credentials_in_url");
  });

  it.each([
    ["https://10.0.0.1/", "private_address"],
    ["https://172.16.5.4/", "private_address"],
    ["https://172.31.255.255/", "private_address"],
    ["https://192.168.1.1/", "private_address"],
    ["https://100.64.0.1/", "private_address"],
    ["https://100.127.255.254/", "private_address"],
    ["https://127.0.0.1/", "loopback_address"],
    ["https://127.1/", "loopback_address"],
    ["https://2130706433/", "loopback_address"],
    ["https://0x7f000001/", "loopback_address"],
    ["https://0177.0.0.1/", "loopback_address"],
    ["https://169.254.169.254/latest/meta-data", "link_local_address"],
    ["https://0.0.0.0/", "reserved_address"],
    ["https://224.0.0.1/", "reserved_address"],
    ["https://255.255.255.255/", "reserved_address"],
    ["https://198.18.0.1/", "reserved_address"],
  ])("IPv4 %s → %s", (url, reason) => {
    expect(reasonOf(url)).toBe(reason);
  });

  it("does not over-refuse neighbours of private ranges", () => {
    for (const url of ["https://172.15.0.1/", "https://172.32.0.1/", "https://100.63.255.255/", "https://100.128.0.1/", "https://169.253.0.1/", "https://11.0.0.1/"]) {
      expect(reasonOf(url), url).toBe("ok");
    }
  });

  it.each([
    ["https://[::]/", "reserved_address"],
    ["https://[::1]/", "loopback_address"],
    ["https://[0:0:0:0:0:0:0:1]/", "loopback_address"],
    ["https://[fe80::1]/", "link_local_address"],
    ["https://[febf::1]/", "link_local_address"],
    ["https://[fc00::1]/", "private_address"],
    ["https://[fd12:3456::1]/", "private_address"],
    ["https://[fec0::1]/", "private_address"],
    ["https://[ff02::1]/", "reserved_address"],
    ["https://[::ffff:127.0.0.1]/", "loopback_address"],
    ["https://[::ffff:7f00:1]/", "loopback_address"],
    ["https://[::ffff:10.0.0.1]/", "private_address"],
    ["https://[::ffff:169.254.169.254]/", "link_local_address"],
    ["https://[::127.0.0.1]/", "loopback_address"],
    ["https://[64:ff9b::192.168.0.1]/", "private_address"],
    ["https://[2002:c0a8:0101::1]/", "private_address"],
  ])("IPv6 %s → %s", (url, reason) => {
    expect(reasonOf(url)).toBe(reason);
  });

  it("allows IPv4-mapped public addresses", () => {
    expect(reasonOf("https://[::ffff:93.184.216.34]/")).toBe("ok");
  });

  it("refuses localhost, *.localhost and internal names", () => {
    expect(reasonOf("https://localhost/")).toBe("loopback_address");
    expect(reasonOf("https://LOCALHOST./")).toBe("loopback_address");
    expect(reasonOf("https://api.localhost/")).toBe("loopback_address");
    expect(reasonOf("https://intranet/")).toBe("internal_host_name");
    expect(reasonOf("https://printer.local/")).toBe("internal_host_name");
    expect(reasonOf("https://db.internal/")).toBe("internal_host_name");
    expect(reasonOf("https://nas.home.arpa/")).toBe("internal_host_name");
  });

  it("refuses ports below 1024 other than 443, and internal services' ports", () => {
    expect(reasonOf("https://hooks.example.com:22/")).toBe("unsafe_port");
    expect(reasonOf("https://hooks.example.com:80/")).toBe("unsafe_port");
    expect(reasonOf("https://hooks.example.com:6379/")).toBe("unsafe_port");
    expect(reasonOf("https://hooks.example.com:5432/")).toBe("unsafe_port");
    expect(reasonOf("https://hooks.example.com:443/")).toBe("ok");
  });

  it("allows a loopback receiver over http only in development, on ports from 1024", () => {
    expect(reasonOf("http://127.0.0.1:9000/hook", true)).toBe("ok");
    expect(reasonOf("http://localhost:9000/hook", true)).toBe("ok");
    expect(reasonOf("http://[::1]:9000/hook", true)).toBe("ok");
    expect(reasonOf("http://127.0.0.1:22/hook", true)).toBe("unsafe_port");
    expect(reasonOf("http://127.0.0.1:9000/hook", false)).toBe("not_https");
    expect(reasonOf("https://127.0.0.1:9000/hook", false)).toBe("loopback_address");
    // Development opens loopback only: private and link-local addresses stay refused.
    expect(reasonOf("http://10.0.0.1:9000/hook", true)).toBe("not_https");
    expect(reasonOf("https://169.254.169.254/", true)).toBe("link_local_address");
  });
});

describe("parseIpv6", () => {
  it("parses compressed, full and dotted forms; refuses malformed text", () => {
    expect(parseIpv6("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIpv6("1::2::3")).toBeNull();
    expect(parseIpv6("1:2:3:4:5:6:7")).toBeNull();
    expect(parseIpv6("12345::")).toBeNull();
    expect(parseIpv6("::1.2.3.999")).toBeNull();
  });
});
