/**
 * `nethical audit verify TREE-HEAD.json --witness-key W.json` (a saved GET /v2/audit/tree-head answer) and
 * the usage rules of `--archive`: a cosigned head verifies with the pinned witness key, fails with another
 * witness key, fails when uncosigned; `--archive` with a file and a bad `--complete` are bad usage (2).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cosignTreeHead, generateSoftwareSigner } from "@nethical/core";
import { sampleLog } from "@nethical/core/audit/testing/sample-log.ts";
import { memoryIo } from "../testing.ts";
import { main } from "../main.ts";

let dir: string;
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const io = memoryIo("");
  const code = await main(["audit", "verify", ...args], io);
  return { code, out: io.out() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nethical-audit-witness-"));
  const s = await sampleLog(6);
  const head = await s.head();
  const witness = await generateSoftwareSigner("witness-a");
  const other = await generateSoftwareSigner("witness-a");
  const cosig = await cosignTreeHead(head, witness.signer, 5);
  file("cosigned.json", { tree_head: head, public_key: s.publicKey, cosignatures: [{ ...cosig, witness_public_key: { key_id: "witness-a", jwk: witness.publicKeyJwk } }], witness: { status: "cosigned" } });
  file("uncosigned.json", { tree_head: head, public_key: s.publicKey, cosignatures: [], witness: { status: "uncosigned", code: "unavailable" } });
  file("witness.json", { key_id: "witness-a", jwk: { kty: "OKP", crv: "Ed25519", x: witness.publicKeyJwk.x } });
  file("other-witness.json", { key_id: "witness-a", jwk: { kty: "OKP", crv: "Ed25519", x: other.publicKeyJwk.x } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nethical audit verify with --witness-key", () => {
  it("verifies a cosigned head with the pinned witness key (exit 0)", async () => {
    const r = await run(join(dir, "cosigned.json"), "--witness-key", join(dir, "witness.json"));
    expect(r.out).toMatch(/VERIFIED: the head is signed and cosigned/);
    expect(r.code).toBe(0);
  });

  it("fails with another witness key, and for an uncosigned head (exit 1)", async () => {
    const wrong = await run(join(dir, "cosigned.json"), "--witness-key", join(dir, "other-witness.json"));
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/does not verify for this head/);
    const none = await run(join(dir, "uncosigned.json"), "--witness-key", join(dir, "witness.json"));
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/UNCOSIGNED/);
  });

  it("bad usage is exit 2: --archive with a file, a reversed --complete range", async () => {
    expect((await run("--archive", dir, join(dir, "cosigned.json"))).code).toBe(2);
    expect((await run("--archive", dir, "--complete", "9..3")).code).toBe(2);
  });
});
