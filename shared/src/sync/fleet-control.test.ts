import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { signBundle } from "../signing/bundle-signing.ts";
import { verifyBundle } from "../signing/bundle-verification.ts";
import { policyContentHash } from "../signing/bundle-signing.ts";
import { FLEET_CONTROL_DOMAIN, FleetControlError, signFleetControl, verifyFleetControl, type UnsignedFleetControl } from "./fleet-control.ts";
import { parseServerMessage, parseClientMessage } from "./codec.ts";

const base: UnsignedFleetControl = {
  domain: FLEET_CONTROL_DOMAIN,
  tenant: "acme",
  seq: 3,
  kind: "agent.terminate",
  agent_id: "robot-7",
  reason: "runaway loop",
  actor_key_id: "k_op1",
  issued_at: "2026-12-05T17:00:00.000Z",
};

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (error) {
    return error instanceof FleetControlError ? error.code : `other: ${(error as Error).message}`;
  }
}

describe("fleet control messages", () => {
  it("a control signed with the policy key verifies and round-trips through the sync codec", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("policy-1");
    const signed = await signFleetControl(base, signer);
    expect(signed.key_id).toBe("policy-1");
    const frame = JSON.stringify({ type: "control", control: signed });
    const parsed = parseServerMessage(frame);
    expect(parsed.type).toBe("control");
    const verified = await verifyFleetControl(parsed.type === "control" ? parsed.control : null, { "policy-1": publicKeyJwk }, "acme");
    expect(verified).toEqual(signed);
    expect(parseClientMessage('{"type":"control_ack","seq":3}')).toEqual({ type: "control_ack", seq: 3 });
    expect(parseClientMessage('{"type":"hello","device_id":"d1","have_seq":2,"have_control_seq":5}')).toMatchObject({ have_control_seq: 5 });
  });

  it("refuses every changed field, another key, another tenant and junk, each with its code", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("policy-1");
    const other = await generateSoftwareSigner("policy-1");
    const keys = { "policy-1": publicKeyJwk };
    const signed = await signFleetControl(base, signer);
    for (const change of [{ seq: 4 }, { agent_id: "robot-8" }, { kind: "agent.reinstate" }, { reason: "x" }, { actor_key_id: "k2" }, { issued_at: "2026-12-05T17:00:01.000Z" }]) {
      expect(await refusal(verifyFleetControl({ ...signed, ...change }, keys, "acme")), JSON.stringify(change)).toBe("bad_signature");
    }
    expect(await refusal(verifyFleetControl(await signFleetControl(base, other.signer), keys, "acme"))).toBe("bad_signature");
    expect(await refusal(verifyFleetControl({ ...signed, key_id: "policy-2" }, keys, "acme"))).toBe("unknown_key");
    expect(await refusal(verifyFleetControl(signed, keys, "globex"))).toBe("wrong_tenant");
    expect(await refusal(verifyFleetControl({ ...signed, signature: "AAAA" }, keys, "acme"))).toBe("bad_signature");
    expect(await refusal(verifyFleetControl({ ...signed, extra: 1 }, keys, "acme"))).toBe("malformed");
    expect(await refusal(verifyFleetControl({ ...signed, domain: "other" }, keys, "acme"))).toBe("malformed");
    expect(await refusal(verifyFleetControl("junk", keys, "acme"))).toBe("malformed");
  });

  it("agent_id is required for agent controls and refused on estop controls", async () => {
    const { signer } = await generateSoftwareSigner("policy-1");
    const { agent_id: _a, ...noAgent } = base;
    await expect(signFleetControl(noAgent, signer)).rejects.toThrow(/agent_id/);
    await expect(signFleetControl({ ...base, kind: "estop.engage" }, signer)).rejects.toThrow(/agent_id/);
    const stop = await signFleetControl({ ...noAgent, kind: "estop.engage" }, signer);
    expect(stop.kind).toBe("estop.engage");
  });

  it("a signed bundle's signature is not a control's, and a control is not a bundle", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("policy-1");
    const keys = { "policy-1": publicKeyJwk };
    const policy = { version: 1, rules: [] };
    const bundle = await signBundle({ tenant: "acme", seq: 3, hash: await policyContentHash(policy), policy }, signer);
    expect(await refusal(verifyFleetControl({ ...base, key_id: bundle.key_id, signature: bundle.signature }, keys, "acme"))).toBe("bad_signature");
    const control = await signFleetControl(base, signer);
    await expect(verifyBundle(control as never, keys)).rejects.toThrow(/malformed|hash|policy/);
  });
});
