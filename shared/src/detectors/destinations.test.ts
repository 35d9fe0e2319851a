import { describe, expect, it } from "vitest";
import { hostOf, internalDomains, isExternal } from "./destinations.ts";

describe("destinations", () => {
  it("extracts hosts from URLs, scp targets and e-mail addresses", () => {
    expect(hostOf("https://user:pw@Evil.Example.com:8443/x")).toBe("evil.example.com");
    expect(hostOf("bob@backup.example.org:/srv")).toBe("backup.example.org");
    expect(hostOf("203.0.113.9:/data")).toBe("203.0.113.9");
    expect(hostOf("bob@gmail.com")).toBe("gmail.com");
    expect(hostOf("just words")).toBeUndefined();
  });
  it("treats loopback, private ranges, internal TLDs and listed domains as internal", () => {
    for (const d of ["http://localhost:3000", "http://127.0.0.1/", "http://10.1.2.3", "http://192.168.0.4", "http://172.20.0.1", "https://db.internal/x", "http://printer.local"]) {
      expect(isExternal(d), d).toBe(false);
    }
    expect(isExternal("https://files.acme.com/u", ["acme.com"])).toBe(false);
    expect(isExternal("https://acme.com.evil.net/u", ["acme.com"])).toBe(true);
    expect(isExternal("https://pastebin.com/api")).toBe(true);
    expect(isExternal("http://172.32.0.1")).toBe(true);
  });
  it("reads context.internal_domains defensively", () => {
    expect(internalDomains({ internal_domains: ["a.com", 3, null] })).toEqual(["a.com"]);
    expect(internalDomains({ internal_domains: "a.com" })).toEqual([]);
    expect(internalDomains(undefined)).toEqual([]);
  });
});
