/**
 * `nethical audit verify --keys` with the log's key list (the body of `GET /v2/audit/keys`) across a
 * rotation: segments signed by the retired key (in its window) and by the current key both verify; after
 * the old key is revoked, a head it signed after the revocation is refused with its own message; a head by
 * an unlisted key fails; `--keys` with `--public-key` is bad usage.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSegment, generateSoftwareSigner, signTreeHead, unsignedTreeHead, type AuditKeyList, type AuditSegment } from "@nethical/core";
import { sampleLog } from "@nethical/core/audit/testing/sample-log.ts";
import { memoryIo } from "../testing.ts";
import { main } from "../main.ts";

let dir: string;
let before: AuditSegment;
let after: AuditSegment;
let afterRevocation: AuditSegment;
let list: AuditKeyList;

const T = (iso: string) => Date.parse(iso);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nethical-audit-keys-"));
  const log = await sampleLog(16);
  const next = await generateSoftwareSigner("audit-next");
  const nextPublic = { key_id: next.signer.keyId, jwk: { kty: "OKP" as const, crv: "Ed25519" as const, x: String(next.publicKeyJwk.x) } };
  const entries = log.events.slice(0, 8).map((event, i) => ({ leaf_index: i, event }));
  before = buildSegment({ log: log.log, entries, treeHead: await log.head(16, T("2026-02-01T00:00:00Z")), publicKey: log.publicKey });
  const newHead = await signTreeHead(unsignedTreeHead("acme", 16, log.log.root(16), T("2026-04-01T00:00:00Z")), next.signer);
  after = buildSegment({ log: log.log, entries, treeHead: newHead, publicKey: nextPublic });
  // Whoever holds the old key after its revocation can sign a head stamped later.
  afterRevocation = buildSegment({ log: log.log, entries, treeHead: await log.head(16, T("2026-05-02T00:00:00Z")), publicKey: log.publicKey });
  list = {
    log_id: "acme",
    current_key_id: nextPublic.key_id,
    keys: [
      { ...log.publicKey, not_after: "2026-03-01T00:00:00Z", status: "retired" },
      { ...nextPublic, not_before: "2026-03-01T00:00:00Z", status: "current" },
    ],
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function verify(...args: string[]) {
  const io = memoryIo("");
  const code = await main(["audit", "verify", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("nethical audit verify --keys", () => {
  it("verifies segments signed before and after a rotation against one key list", async () => {
    const keys = write("keys.json", list);
    for (const [name, segment] of [["before.json", before], ["after.json", after]] as const) {
      const { code, out } = await verify(write(name, segment), "--keys", keys);
      expect(out).toContain("VERIFIED: 8 of 8 events");
      expect(out).not.toContain("pin the log's key");
      expect(code).toBe(0);
    }
  });

  it("refuses a head signed by a revoked key after its revocation, with its own message", async () => {
    const revoked = structuredClone(list);
    Object.assign(revoked.keys[0] as object, { not_after: undefined, revoked_at: "2026-05-01T00:00:00Z", revocation_reason: "compromised", status: "revoked" });
    const keys = write("revoked.json", revoked);
    const refused = await verify(write("late.json", afterRevocation), "--keys", keys);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("REFUSED: tree head is signed by a revoked key");
    expect(refused.out).toContain("revoked at 2026-05-01T00:00:00Z (compromised)");
    // The same key's head from before the revocation still verifies, with the caveat in its check.
    const earlier = await verify(write("early.json", before), "--keys", keys);
    expect(earlier.code).toBe(0);
    expect(earlier.out).toMatch(/ok\s+tree head key: .*revoked later/);
  });

  it("fails a head whose key is not listed, and refuses --keys with --public-key", async () => {
    const onlyNew = write("only-new.json", { ...list, keys: [list.keys[1]] });
    const { code, out } = await verify(write("before2.json", before), "--keys", onlyNew);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL tree head key: \[unknown_key\]/);
    const both = await verify(write("x.json", before), "--keys", onlyNew, "--public-key", onlyNew);
    expect(both.code).toBe(2);
    const junk = await verify(write("y.json", before), "--keys", write("junk.json", { keys: "no" }));
    expect(junk.code).toBe(1);
    expect(junk.err).toContain("is not an audit key list");
  });
});
