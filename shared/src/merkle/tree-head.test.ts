import { describe, expect, it } from "vitest";
import type { Signer } from "../signing/keys.ts";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { createVerifier } from "../signing/verifier.ts";
import { base64Decode, base64Encode } from "./base64.ts";
import { hashLeaf } from "./hasher.ts";
import { MerkleLog } from "./merkle-log.ts";
import { MemoryNodeStore } from "./node-store.ts";
import { signTreeHead, treeHeadSigningBytes, unsignedTreeHead, verifyTreeHead, type TreeHead } from "./tree-head.ts";
import { verifyInclusion } from "./verify-inclusion.ts";

const NOW = Date.UTC(2026, 0, 1);
const log = new MerkleLog(new MemoryNodeStore());
log.appendAll(Array.from({ length: 8 }, (_, i) => new TextEncoder().encode(`event ${i}`)));

const key = await generateSoftwareSigner("audit-2026");
const other = await generateSoftwareSigner("audit-2026");
const verifier = createVerifier("audit-2026", key.publicKeyJwk);
const sth = await signTreeHead(unsignedTreeHead("acme", log.size, log.root(), NOW), key.signer);
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);

describe("signed tree heads", () => {
  it("sign these exact canonical bytes", () => {
    const text = new TextDecoder().decode(treeHeadSigningBytes(sth));
    expect(text).toBe(
      `nethical/tree-head/v1\nlog_id acme\ntree_size 8\nroot_hash ${base64Encode(log.root())}\ntimestamp 1767225600000\nkey_id audit-2026\n`,
    );
  });

  it("carry the log's size and root, the signer's key id and a 64-byte signature", () => {
    expect(sth).toMatchObject({ log_id: "acme", tree_size: 8, root_hash: base64Encode(log.root()), timestamp: NOW, key_id: "audit-2026" });
    expect(base64Decode(sth.signature)).toHaveLength(64);
  });

  it("verify with the signer's public key, and anchor inclusion proofs", async () => {
    expect(await verifyTreeHead(sth, verifier)).toEqual({ ok: true });
    const proof = log.inclusionProof(3, sth.tree_size);
    const claim = { leafIndex: 3, treeSize: sth.tree_size, leafHash: hashLeaf(new TextEncoder().encode("event 3")), proof, rootHash: base64Decode(sth.root_hash) };
    expect(verifyInclusion(claim)).toEqual({ ok: true });
  });

  it.each<[string, Partial<TreeHead>]>([
    ["log_id", { log_id: "acme2" }],
    ["tree_size", { tree_size: 9 }],
    ["root_hash", { root_hash: base64Encode(log.root(7)) }],
    ["timestamp", { timestamp: NOW + 1 }],
  ])("fail when %s is changed", async (_field, change) => {
    expect(reason(await verifyTreeHead({ ...sth, ...change }, verifier))).toBe('tree head signature does not verify with key "audit-2026"');
  });

  // @req REQ-AUDIT-TAMPER-EVIDENT
  it("fail when any bit of the signature is flipped", async () => {
    const signature = base64Decode(sth.signature);
    for (const bit of [0, 7, 100, 511]) {
      const bad = signature.slice();
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      expect((await verifyTreeHead({ ...sth, signature: base64Encode(bad) }, verifier)).ok).toBe(false);
    }
  });

  it("fail with another key under the same id, and name an unknown key id", async () => {
    expect((await verifyTreeHead(sth, createVerifier("audit-2026", other.publicKeyJwk))).ok).toBe(false);
    expect(reason(await verifyTreeHead({ ...sth, key_id: "audit-2027" }, verifier))).toBe('tree head is signed by unknown key "audit-2027"');
    const both = [createVerifier("audit-2027", key.publicKeyJwk), verifier];
    expect(await verifyTreeHead(sth, both)).toEqual({ ok: true });
    expect((await verifyTreeHead({ ...sth, key_id: "audit-2027" }, both)).ok).toBe(false); // key_id is signed
  });

  it.each<[string, unknown, RegExp]>([
    ["null", null, /tree head is malformed/],
    ["a missing signature", { ...sth, signature: undefined }, /signature/],
    ["an extra field", { ...sth, note: "x" }, /malformed/],
    ["a newline in log_id", { ...sth, log_id: "acme\ntree_size 1" }, /log_id must be 1–256 characters without control characters/],
    ["a 31-byte root", { ...sth, root_hash: base64Encode(new Uint8Array(31)) }, /root_hash must be a 32-byte hash in padded base64/],
    ["non-canonical base64 signature", { ...sth, signature: sth.signature.replace(/=*$/, "") }, /signature must be a 64-byte Ed25519 signature/],
    ["a negative size", { ...sth, tree_size: -1 }, /tree_size/],
    ["an unsafe timestamp", { ...sth, timestamp: 2 ** 60 }, /timestamp/],
  ])("reject %s with a reason, never throwing", async (_name, head, pattern) => {
    const result = await verifyTreeHead(head, verifier);
    expect(result.ok).toBe(false);
    expect(reason(result)).toMatch(pattern);
  });

  it("refuse to sign an invalid head or accept a bad signer output", async () => {
    await expect(signTreeHead({ log_id: "", tree_size: 1, root_hash: sth.root_hash, timestamp: NOW }, key.signer)).rejects.toThrow(/log_id/);
    await expect(signTreeHead({ log_id: "acme", tree_size: 1.5, root_hash: sth.root_hash, timestamp: NOW }, key.signer)).rejects.toThrow();
    const broken: Signer = { ...key.signer, keyId: "audit-2026", sign: async () => new Uint8Array(10) };
    await expect(signTreeHead(unsignedTreeHead("acme", 8, log.root(), NOW), broken)).rejects.toThrow(/64-byte Ed25519 signature/);
    expect(() => unsignedTreeHead("acme", 8, new Uint8Array(4), NOW)).toThrow(/rootHash must be a 32-byte hash/);
  });
});
