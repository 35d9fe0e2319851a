/**
 * The remote signer against a real HTTP signing service (the KMS double): a tree head signed through it
 * passes verifyTreeHead, the check the AuditLog's readers and `nethical audit verify` run; each failure of
 * the service maps to its own code, and a signature by another key never comes back as a success.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, MemoryNodeStore, MerkleLog, signTreeHead, unsignedTreeHead, verifyTreeHead } from "@nethical/core";
import { startKmsDouble, type KmsDouble } from "../testing/kms-double.ts";
import { httpSigningClient, remoteSigner, RemoteSignerError } from "./remote-signer.ts";

let kms: KmsDouble;
beforeAll(async () => {
  kms = await startKmsDouble(["audit-2027", "audit-2028"]);
});
afterAll(() => kms?.close());

const client = () => httpSigningClient({ url: kms.url, authToken: kms.authToken });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RemoteSignerError);
    return (error as RemoteSignerError).code;
  }
  throw new Error("expected a RemoteSignerError");
}

describe("remote (KMS) signer", () => {
  it("signs an AuditLog tree head that verifies against the pinned key", async () => {
    kms.setFault(undefined);
    const pinned = kms.publicKeyJwk("audit-2027");
    const signer = await remoteSigner({ keyId: "audit-2027", client: client(), publicKeyJwk: pinned });
    const log = new MerkleLog(new MemoryNodeStore());
    for (let i = 0; i < 5; i++) log.append(new TextEncoder().encode(`leaf ${i}`));
    const head = await signTreeHead(unsignedTreeHead("acme", log.size, log.root(), Date.UTC(2027, 0, 1)), signer);
    expect(head.key_id).toBe("audit-2027");
    expect(await verifyTreeHead(JSON.parse(JSON.stringify(head)), [createVerifier("audit-2027", pinned)])).toEqual({ ok: true });
    // A changed size no longer verifies.
    expect((await verifyTreeHead({ ...head, tree_size: 6 }, [createVerifier("audit-2027", pinned)])).ok).toBe(false);
  });

  it("fetches the public key once when none is pinned", async () => {
    kms.setFault(undefined);
    const signer = await remoteSigner({ keyId: "audit-2028", client: client() });
    expect(await signer.publicKey()).toEqual(kms.publicKeyJwk("audit-2028"));
  });

  it("maps each failure of the service to its code", async () => {
    const pinned = kms.publicKeyJwk("audit-2027");
    const signer = await remoteSigner({ keyId: "audit-2027", client: client(), publicKeyJwk: pinned, timeoutMs: 200 });
    const bytes = new TextEncoder().encode("tree head bytes");
    try {
      kms.setFault({ delayMs: 1_000 });
      expect(await codeOf(signer.sign(bytes))).toBe("timeout");
      kms.setFault({ status: 503 });
      expect(await codeOf(signer.sign(bytes))).toBe("unavailable");
      kms.setFault({ status: 429 });
      expect(await codeOf(signer.sign(bytes))).toBe("rate_limited");
      kms.setFault({ wrongKey: true });
      expect(await codeOf(signer.sign(bytes))).toBe("bad_signature");
      kms.setFault({ answerKeyId: "audit-2028" });
      expect(await codeOf(signer.sign(bytes))).toBe("key_mismatch");
    } finally {
      kms.setFault(undefined);
    }
    expect(await codeOf(remoteSigner({ keyId: "audit-2027", client: httpSigningClient({ url: kms.url, authToken: "wrong" }), publicKeyJwk: pinned }).then((s) => s.sign(bytes)))).toBe("unauthorized");
    expect(await codeOf(remoteSigner({ keyId: "no-such-key", client: client() }))).toBe("unknown_key");
    expect(await codeOf(remoteSigner({ keyId: "audit-2027", client: httpSigningClient({ url: "http://127.0.0.1:1" }), publicKeyJwk: pinned }).then((s) => s.sign(bytes)))).toBe("unreachable");
    // After the faults the signer works again.
    expect(await createVerifier("audit-2027", pinned).verify(bytes, await signer.sign(bytes))).toBe(true);
  });
});
