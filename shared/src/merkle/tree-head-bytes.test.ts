import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { createVerifier } from "../signing/verifier.ts";
import { MerkleLog } from "./merkle-log.ts";
import { MemoryNodeStore } from "./node-store.ts";
import { signTreeHead, treeHeadSigningBytes, TreeHeadSchema, unsignedTreeHead } from "./tree-head.ts";
import { treeHeadBytes, treeHeadShapeProblem, verifyTreeHeadSignature } from "./tree-head-bytes.ts";

const log = new MerkleLog(new MemoryNodeStore());
log.appendAll(Array.from({ length: 5 }, (_, i) => new TextEncoder().encode(`event ${i}`)));
const key = await generateSoftwareSigner("audit-2026");
const sth = await signTreeHead(unsignedTreeHead("acme", log.size, log.root(), Date.UTC(2026, 0, 1)), key.signer);

describe("tree head bytes without zod", () => {
  it("are the bytes treeHeadSigningBytes signs, and the signature verifies", async () => {
    expect(treeHeadBytes(sth)).toEqual(treeHeadSigningBytes(sth));
    expect(await verifyTreeHeadSignature(sth, createVerifier("audit-2026", key.publicKeyJwk))).toEqual({ ok: true });
    const other = await generateSoftwareSigner("audit-2026");
    expect((await verifyTreeHeadSignature(sth, createVerifier("audit-2026", other.publicKeyJwk))).ok).toBe(false);
    expect((await verifyTreeHeadSignature({ ...sth, tree_size: 6 }, createVerifier("audit-2026", key.publicKeyJwk))).ok).toBe(false);
  });

  it("accept and refuse the same shapes as TreeHeadSchema", () => {
    const variants: unknown[] = [
      sth,
      null,
      "head",
      { ...sth, log_id: "" },
      { ...sth, log_id: "a\nb" },
      { ...sth, tree_size: -1 },
      { ...sth, tree_size: 1.5 },
      { ...sth, tree_size: "5" },
      { ...sth, root_hash: "AAAA" },
      { ...sth, timestamp: Number.MAX_SAFE_INTEGER + 2 },
      { ...sth, key_id: "bad key" },
      { ...sth, signature: sth.root_hash },
      { ...sth, signature: undefined },
    ];
    for (const v of variants) expect(treeHeadShapeProblem(v) === undefined, JSON.stringify(v)).toBe(TreeHeadSchema.safeParse(v).success);
  });
});
