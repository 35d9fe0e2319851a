import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode } from "../merkle/base64.ts";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { createVerifier } from "../signing/verifier.ts";
import { buildSegment } from "./build-segment.ts";
import type { AuditSegment } from "./segment.ts";
import { sampleLog } from "./testing/sample-log.ts";
import { verifySegment } from "./verify-segment.ts";

async function validSegment(size = 13, from = 2, to = 9, previous = 5): Promise<AuditSegment> {
  const s = await sampleLog(size);
  const entries = s.events.slice(from, to).map((event, k) => ({ leaf_index: from + k, event }));
  return buildSegment({ log: s.log, entries, treeHead: await s.head(), previousTreeHead: await s.head(previous, 1), publicKey: s.publicKey });
}

const clone = (s: AuditSegment): AuditSegment => structuredClone(s);
const failed = (r: { checks: { ok: boolean; name: string; detail: string }[] }) => r.checks.filter((c) => !c.ok);

describe("verifying an exported segment offline", () => {
  it("accepts an untampered segment: signatures, every inclusion proof, consistency", async () => {
    const report = await verifySegment(await validSegment());
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entries_verified).toBe(7);
    expect(report.key_from_segment).toBe(true);
  });

  it("accepts segments at every size and position (1..20 leaves)", async () => {
    for (let size = 1; size <= 20; size++) {
      const s = await sampleLog(size);
      const entries = s.events.map((event, i) => ({ leaf_index: i, event }));
      const previous = size > 1 ? await s.head(Math.ceil(size / 2), 1) : undefined;
      const segment = buildSegment({ log: s.log, entries, treeHead: await s.head(), ...(previous ? { previousTreeHead: previous } : {}), publicKey: s.publicKey });
      expect((await verifySegment(segment)).ok, `size ${size}`).toBe(true);
    }
  });

  it.each<[string, (s: AuditSegment) => void, RegExp]>([
    ["an edited decision", (s) => ((s.entries[0]!.event as { decision: string }).decision = "ALLOW" === (s.entries[0]!.event as { decision: string }).decision ? "BLOCK" : "ALLOW"), /root computed/],
    ["an edited explanation", (s) => ((s.entries[1]!.event as { explanation: { summary: string } }).explanation.summary = "nothing to see"), /root computed/],
    ["an event moved to another leaf index", (s) => (s.entries[0]!.leaf_index = s.entries[1]!.leaf_index + 5), /root computed|leaf index/],
    ["a dropped proof node", (s) => s.entries[2]!.inclusion_proof.pop(), /missing nodes/],
    ["a swapped proof node", (s) => (s.entries[2]!.inclusion_proof[0] = s.entries[3]!.inclusion_proof[0]!), /root computed/],
    ["a forged root in the signed head", (s) => (s.tree_head.root_hash = base64Encode(new Uint8Array(32).fill(1))), /signature does not verify/],
    ["a grown tree size in the signed head", (s) => (s.tree_head.tree_size += 1), /signature does not verify/],
    ["a flipped signature bit", (s) => {
      const sig = base64Decode(s.tree_head.signature);
      sig[0]! ^= 1;
      s.tree_head.signature = base64Encode(sig);
    }, /signature does not verify/],
    ["a broken consistency proof", (s) => (s.consistency_proof![0] = base64Encode(new Uint8Array(32))), /consistency|root/i],
    ["a previous head without its consistency proof", (s) => delete s.consistency_proof, /without a consistency proof/],
    ["an event of another tenant", (s) => ((s.entries[0]!.event as { tenant: string }).tenant = "globex"), /belongs to tenant/],
    ["the same leaf twice", (s) => s.entries.push(structuredClone(s.entries[0]!)), /twice/],
    ["an event with an extra field", (s) => ((s.entries[0]!.event as Record<string, unknown>).raw = "x"), /malformed/],
  ])("rejects %s", async (_name, tamper, reason) => {
    const segment = clone(await validSegment());
    tamper(segment);
    const report = await verifySegment(segment);
    expect(report.ok).toBe(false);
    expect(failed(report).map((c) => c.detail).join("\n")).toMatch(reason);
  });

  it("rejects a segment signed by another key when the log key is pinned", async () => {
    const segment = await validSegment();
    const other = await generateSoftwareSigner("audit-test");
    const report = await verifySegment(segment, { trustedKeys: [createVerifier("audit-test", other.publicKeyJwk)] });
    expect(report.ok).toBe(false);
    expect(report.key_from_segment).toBe(false);
  });

  it("rejects a segment re-signed with a substitute key when the real key is pinned", async () => {
    const segment = await validSegment();
    const pinned = createVerifier(segment.public_key.key_id, segment.public_key.jwk);
    expect((await verifySegment(segment, { trustedKeys: [pinned] })).ok).toBe(true);
    const forged = await sampleLog(13);
    const forgedSegment = buildSegment({ log: forged.log, entries: [], treeHead: await forged.head(), publicKey: forged.publicKey });
    expect((await verifySegment(forgedSegment, { trustedKeys: [pinned] })).ok).toBe(false);
  });

  it.each([null, 42, "segment", {}, { format: "nethical-audit-segment/v1" }, []])("reports junk input %j as not a segment, without throwing", async (junk) => {
    const report = await verifySegment(junk);
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.name).toBe("format");
  });

  // @req REQ-AUDIT-TAMPER-EVIDENT
  it("property: changing any one character of any string in any event is detected", async () => {
    const segment = await validSegment(11, 0, 11, 4);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), async (e, f, p) => {
        const copy = clone(segment);
        const event = copy.entries[e % copy.entries.length]!.event as Record<string, unknown>;
        const fields = Object.keys(event).filter((k) => typeof event[k] === "string" && (event[k] as string).length > 0);
        const field = fields[f % fields.length]!;
        const text = event[field] as string;
        const at = p % text.length;
        const replacement = text[at] === "0" ? "1" : "0";
        event[field] = text.slice(0, at) + replacement + text.slice(at + 1);
        expect((await verifySegment(copy)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
