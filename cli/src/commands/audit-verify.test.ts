/**
 * `nethical audit verify` on real segment files: an untampered export verifies (exit 0) with or without a
 * pinned key; tampered events, proofs, heads, signatures, a substituted key, junk and missing files are
 * rejected (exit 1) with a report naming the problem; bad usage exits 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base64Decode, base64Encode, buildSegment, type AuditSegment } from "@nethical/core";
import { sampleLog } from "@nethical/core/audit/testing/sample-log.ts";
import { memoryIo } from "../testing.ts";
import { main } from "../main.ts";

let dir: string;
let segment: AuditSegment;
let keyFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nethical-audit-"));
  const log = await sampleLog(25);
  const entries = log.events.slice(3, 17).map((event, k) => ({ leaf_index: 3 + k, event }));
  segment = buildSegment({ log: log.log, entries, treeHead: await log.head(), previousTreeHead: await log.head(10, 1), publicKey: log.publicKey });
  keyFile = join(dir, "key.json");
  writeFileSync(keyFile, JSON.stringify({ public_key: log.publicKey }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

async function verify(...args: string[]) {
  const io = memoryIo("");
  const code = await main(["audit", "verify", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function tampered(change: (s: AuditSegment) => void): AuditSegment {
  const copy = structuredClone(segment);
  change(copy);
  return copy;
}

describe("nethical audit verify", () => {
  // @req CTL-record-keeping
  it("verifies an untampered segment: exit 0 and a report of what was checked", async () => {
    const { code, out } = await verify(write("ok.json", segment));
    expect(code).toBe(0);
    expect(out).toContain("VERIFIED: 14 of 14 events proven in the signed tree of size 25");
    expect(out).toMatch(/ok\s+consistency: size 10 → 25/);
    expect(out).toContain("pin the log's key with --public-key");
  });

  it("verifies against a pinned key and says nothing about trusting the segment's key", async () => {
    const { code, out } = await verify(write("ok2.json", segment), "--public-key", keyFile);
    expect(code).toBe(0);
    expect(out).not.toContain("pin the log's key");
  });

  it("prints the report as JSON with --json", async () => {
    const { code, out } = await verify(write("ok3.json", segment), "--json");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ ok: true, log_id: "acme", tree_size: 25, entries: 14, entries_verified: 14 });
  });

  it.each<[string, (s: AuditSegment) => void, RegExp]>([
    ["an edited event", (s) => ((s.entries[4]!.event as { risk_score: number }).risk_score = 0.99), /FAIL leaf 7: event evt-acme-000007: the root computed/],
    ["a removed proof node", (s) => s.entries[0]!.inclusion_proof.pop(), /FAIL leaf 3/],
    ["a re-rooted tree head", (s) => (s.tree_head.root_hash = s.previous_tree_head!.root_hash), /FAIL tree head signature/],
    ["a flipped signature bit", (s) => {
      const sig = base64Decode(s.previous_tree_head!.signature);
      sig[10]! ^= 0x80;
      s.previous_tree_head!.signature = base64Encode(sig);
    }, /FAIL previous tree head signature/],
    ["a forged consistency proof", (s) => (s.consistency_proof = s.consistency_proof!.slice(1)), /FAIL consistency/],
    ["a segment of another format", (s) => ((s as { format: string }).format = "v0"), /FAIL format/],
  ])("rejects %s: exit 1 and the failing check named", async (name, change, reason) => {
    const { code, out } = await verify(write(`${name.replace(/\W/g, "-")}.json`, tampered(change)));
    expect(code).toBe(1);
    expect(out).toMatch(reason);
    expect(out).toMatch(/^FAILED: /m);
  });

  // @req REQ-AUDIT-TAMPER-EVIDENT
  it("rejects a segment whose key is not the pinned one, even if it is self-consistent", async () => {
    const other = await sampleLog(25);
    const forged = buildSegment({ log: other.log, entries: [{ leaf_index: 0, event: other.events[0]! }], treeHead: await other.head(), publicKey: other.publicKey });
    expect((await verify(write("forged.json", forged))).code).toBe(0);
    const pinned = await verify(write("forged2.json", forged), "--public-key", keyFile);
    expect(pinned.code).toBe(1);
    expect(pinned.out).toMatch(/unknown key|does not verify/);
  });

  it("exits 1 for a file that is missing or not JSON, and 2 for bad usage", async () => {
    expect((await verify(join(dir, "missing.json"))).code).toBe(1);
    expect((await verify(write("junk.json", "{not json"))).code).toBe(1);
    expect((await verify()).code).toBe(2);
    expect((await verify("a.json", "b.json")).code).toBe(2);
    expect((await verify("a.json", "--frobnicate")).code).toBe(2);
    const io = memoryIo("");
    expect(await main(["audit", "explode"], io)).toBe(2);
  });

  // Red-team defect 9: inclusion proofs prove what a segment holds, not that nothing was left out.
  it("says whether the leaves are contiguous, and fails on a gap when asked for a complete range", async () => {
    const whole = await verify(write("whole.json", segment), "--complete", "3..17");
    expect(whole.code).toBe(0);
    expect(whole.out).toContain("leaves [3, 17): contiguous");
    expect(whole.out).toMatch(/ok\s+completeness: every leaf of \[3, 17\) is in the segment/);

    const holed = write("holed.json", tampered((s) => s.entries.splice(5, 1)));
    const plain = await verify(holed);
    expect(plain.code).toBe(0); // every entry it holds is still proven…
    expect(plain.out).toContain("leaves [3, 17): NOT contiguous, 1 missing in between");
    const asked = await verify(holed, "--complete", "3..17");
    expect(asked.code).toBe(1); // …but it is not the complete range
    expect(asked.out).toMatch(/FAIL completeness: 1 of the 14 leaves of \[3, 17\) are missing \(first: 8\)/);

    const cut = await verify(write("cut.json", tampered((s) => s.entries.pop())), "--complete", "3..17");
    expect(cut.code).toBe(1);
    expect(cut.out).toContain("first: 16");
    expect((await verify(write("x.json", segment), "--complete", "3..99")).out).toContain("cannot all exist: the signed tree holds 25");
    expect((await verify(write("y.json", segment), "--complete", "9..3")).code).toBe(2);
  });
});
