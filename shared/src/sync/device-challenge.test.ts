import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { deviceChallengeBytes, newChallengeNonce, signDeviceChallenge, verifyDeviceChallenge } from "./device-challenge.ts";

describe("device challenge authentication", () => {
  it("accepts the device's signature over its own tenant, device and nonce", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("robot-7");
    const challenge = { tenant: "acme", device_id: "robot-7", nonce: newChallengeNonce() };
    const signature = await signDeviceChallenge(signer, challenge);
    expect(await verifyDeviceChallenge(publicKeyJwk, challenge, signature)).toBe(true);
  });

  it("refuses a signature replayed for another nonce, device or tenant", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("robot-7");
    const challenge = { tenant: "acme", device_id: "robot-7", nonce: newChallengeNonce() };
    const signature = await signDeviceChallenge(signer, challenge);
    expect(await verifyDeviceChallenge(publicKeyJwk, { ...challenge, nonce: newChallengeNonce() }, signature)).toBe(false);
    expect(await verifyDeviceChallenge(publicKeyJwk, { ...challenge, device_id: "robot-8" }, signature)).toBe(false);
    expect(await verifyDeviceChallenge(publicKeyJwk, { ...challenge, tenant: "globex" }, signature)).toBe(false);
  });

  it("refuses another device's key and malformed signatures without throwing", async () => {
    const own = await generateSoftwareSigner("robot-7");
    const other = await generateSoftwareSigner("robot-8");
    const challenge = { tenant: "acme", device_id: "robot-7", nonce: newChallengeNonce() };
    const signature = await signDeviceChallenge(other.signer, challenge);
    expect(await verifyDeviceChallenge(own.publicKeyJwk, challenge, signature)).toBe(false);
    expect(await verifyDeviceChallenge(own.publicKeyJwk, challenge, "not base64url!")).toBe(false);
    expect(await verifyDeviceChallenge(own.publicKeyJwk, challenge, "AAAA")).toBe(false);
  });

  it("binds the context, tenant, device and nonce into the signed bytes", () => {
    const text = new TextDecoder().decode(deviceChallengeBytes({ tenant: "acme", device_id: "d1", nonce: "n0nce" }));
    expect(text).toBe("nethical-sync-v1\nacme\nd1\nn0nce");
    expect(() => deviceChallengeBytes({ tenant: "a\nb", device_id: "d1", nonce: "n" })).toThrow(/tenant/);
  });

  it("makes a fresh 32-byte nonce each time", () => {
    const a = newChallengeNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newChallengeNonce()).not.toBe(a);
  });
});
