import { describe, expect, it } from "vitest";
import { constantTimeEqual, generateApiKey, hashApiKey, parseApiKey } from "./api-key.ts";

describe("API key format", () => {
  it("issues keys that parse back to their tenant and key id", () => {
    const { keyId, token } = generateApiKey("acme-robotics");
    expect(parseApiKey(token)).toEqual({ tenant: "acme-robotics", keyId });
  });

  it("issues a different secret every time", () => {
    const a = generateApiKey("acme").token;
    const b = generateApiKey("acme").token;
    expect(a).not.toBe(b);
  });

  it("rejects anything not in the key format", () => {
    const good = generateApiKey("acme").token;
    for (const bad of ["", "hello", good.slice(0, -1), good.replace("nk_", "xx_"), `${good}.extra`, good.replace("acme", "ACME"), "nk_a..b"]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it("stores SHA-256 hex, not the key", async () => {
    const { token } = generateApiKey("acme");
    const hash = await hashApiKey(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(await hashApiKey(token)).toBe(hash);
  });

  it("compares secrets of any length in constant time", async () => {
    expect(await constantTimeEqual("same-secret", "same-secret")).toBe(true);
    expect(await constantTimeEqual("same-secret", "same-secreT")).toBe(false);
    expect(await constantTimeEqual("short", "a-much-longer-secret")).toBe(false);
  });
});
