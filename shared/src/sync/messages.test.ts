import { describe, expect, it } from "vitest";
import { createBundle } from "../policy/bundle.ts";
import { defaultPolicy } from "../policy/default-policy.ts";
import { signBundle } from "../signing/bundle-signing.ts";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { SyncProtocolError, encodeSyncMessage, parseClientMessage, parseServerMessage } from "./codec.ts";
import { MAX_CLIENT_MESSAGE_CHARS, PING_TEXT, PONG_TEXT } from "./messages.ts";

describe("sync protocol messages", () => {
  it("round-trips every client message", () => {
    const messages = [
      { type: "hello", device_id: "robot-7", have_seq: 3, attestation: "opaque" },
      { type: "hello", device_id: "robot-7", have_seq: 0 },
      { type: "auth", signature: "abc_-" },
      { type: "ack", seq: 9 },
      { type: "ping" },
    ] as const;
    for (const m of messages) expect(parseClientMessage(encodeSyncMessage(m))).toEqual(m);
  });

  it("keeps the heartbeat texts byte-exact for auto-response", () => {
    expect(parseClientMessage(PING_TEXT)).toEqual({ type: "ping" });
    expect(parseServerMessage(PONG_TEXT)).toEqual({ type: "pong" });
    expect(encodeSyncMessage({ type: "ping" })).toBe(PING_TEXT);
  });

  it("carries a signed bundle in snapshot and bundle messages", async () => {
    const { signer } = await generateSoftwareSigner("policy-test");
    const bundle = await signBundle(await createBundle("acme", 4, defaultPolicy()), signer);
    const parsed = parseServerMessage(JSON.stringify({ type: "snapshot", bundle }));
    expect(parsed.type === "snapshot" && parsed.bundle.seq).toBe(4);
    const { signature: _s, ...unsigned } = bundle;
    expect(() => parseServerMessage(JSON.stringify({ type: "bundle", bundle: unsigned }))).toThrow(/bundle.signature/);
  });

  it("refuses junk with a SyncProtocolError that names the problem", () => {
    expect(() => parseClientMessage("{")).toThrow(SyncProtocolError);
    expect(() => parseClientMessage(new Uint8Array(3))).toThrow(/binary/);
    expect(() => parseClientMessage('{"type":"hello","device_id":"bad id","have_seq":0}')).toThrow(/device_id/);
    expect(() => parseClientMessage('{"type":"ack","seq":-1}')).toThrow(/seq/);
    expect(() => parseClientMessage('{"type":"ack","seq":1,"extra":true}')).toThrow(SyncProtocolError);
    expect(() => parseClientMessage('{"type":"snapshot"}')).toThrow(/type/);
    expect(() => parseClientMessage("x".repeat(MAX_CLIENT_MESSAGE_CHARS + 1))).toThrow(/too large/);
    expect(() => parseServerMessage('{"type":"error","code":"nope","message":"x"}')).toThrow(/code/);
  });

  it("does not echo the frame in its errors", () => {
    const secret = "SECRET-ATTESTATION-VALUE";
    try {
      parseClientMessage(JSON.stringify({ type: "hello", device_id: "d", have_seq: "x", attestation: secret }));
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });
});
