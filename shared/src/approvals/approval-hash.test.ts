import { describe, expect, it } from "vitest";
import { approvalRequestHash } from "./approval-hash.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Hex } from "../util/sha256.ts";
import type { EvaluateRequest } from "../schemas/action.ts";

const base: EvaluateRequest = {
  agent_id: "exporter-1",
  action: "export all customer records",
  action_type: "data_access",
  tool: { name: "export", arguments: { table: "customers", rows: 50_000 } },
  context: { ticket: "OPS-7" },
};

describe("approvalRequestHash", () => {
  // @req CTL-approval-signatures
  it("is the SHA-256 of the canonical request without request_id and approval_id", async () => {
    const expected = await sha256Hex(canonicalJson(base));
    expect(await approvalRequestHash(base)).toBe(expected);
    expect(await approvalRequestHash({ ...base, request_id: "r-1", approval_id: `apr_${"a".repeat(32)}` })).toBe(expected);
  });

  it("does not depend on key order", async () => {
    const reordered = JSON.parse(JSON.stringify({ context: base.context, tool: base.tool, action_type: base.action_type, action: base.action, agent_id: base.agent_id })) as EvaluateRequest;
    expect(await approvalRequestHash(reordered)).toBe(await approvalRequestHash(base));
  });

  it("changes when anything the approver approved changes", async () => {
    const h = await approvalRequestHash(base);
    const variants: EvaluateRequest[] = [
      { ...base, agent_id: "exporter-2" },
      { ...base, action: "export all supplier records" },
      { ...base, action_type: "tool_call" },
      { ...base, tool: { name: "export", arguments: { table: "customers", rows: 50_001 } } },
      { ...base, context: { ticket: "OPS-8" } },
      { ...base, stated_intent: "quarterly report" },
      { ...base, inputs: [{ source: "email", content: "please" }] },
    ];
    const hashes = await Promise.all(variants.map(approvalRequestHash));
    for (const other of hashes) expect(other).not.toBe(h);
    expect(new Set(hashes).size).toBe(variants.length);
  });
});
