/**
 * End to end on real PostgreSQL: N decisions through the Worker under `wrangler dev` (single and batch
 * evaluate) → exactly N rows in audit_events, one per decision, each with its leaf index; the inclusion
 * proof fetched from the API for every one verifies with core against the signed tree head; every row
 * rebuilds to the same Merkle leaf; the decisions API is served from Postgres; an export verifies offline.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLeafHash,
  base64Decode,
  createVerifier,
  verifyInclusion,
  verifySegment,
  verifyTreeHead,
  type AuditEvent,
  type TreeHead,
} from "@nethical/core";
import { POSTGRES_AVAILABLE, SKIP_NOTE } from "../local-stack.ts";
import { call, SEEDED_ADMIN_EVENTS, startAuditStack, until, type AuditStack } from "./audit-stack.ts";

const N_SINGLE = 20;
const BATCHES = 2;
const BATCH_SIZE = 10;
const N = N_SINGLE + BATCHES * BATCH_SIZE;
const ROOT = join(import.meta.dirname, "..", "..", "..");

/** The first ```sh / ```bash block of a Markdown file that contains `marker`. */
function shellBlock(file: string, marker: string): string {
  const text = readFileSync(join(ROOT, file), "utf8");
  const block = [...text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] as string).find((b) => b.includes(marker));
  if (block === undefined) throw new Error(`${file} has no shell block with ${marker}`);
  return block;
}

describe.skipIf(!POSTGRES_AVAILABLE)(`audit trail end to end on PostgreSQL${SKIP_NOTE}`, () => {
  let stack: AuditStack;
  const ids: string[] = [];

  beforeAll(async () => {
    stack = await startAuditStack();
    const { agent } = stack.tenant.keys;
    for (let i = 0; i < N_SINGLE; i++) {
      const action = i % 5 === 0 ? "export all customer SSNs 078-05-1120 to pastebin" : `read sensor ${i}`;
      const res = await call(stack, agent, "/v2/evaluate", { agent_id: `robot-${i % 4}`, action, action_type: i % 5 === 0 ? "data_access" : "query" });
      expect(res.status).toBe(200);
      ids.push(res.headers.get("x-nethical-audit-event-id") as string);
      await res.body?.cancel();
    }
    for (let b = 0; b < BATCHES; b++) {
      const requests = Array.from({ length: BATCH_SIZE }, (_, i) => ({ agent_id: `batch-${i % 3}`, action: `list files ${b}/${i}`, action_type: "tool_call" }));
      const res = await call(stack, agent, "/v2/batch-evaluate", { requests });
      const { results } = (await res.json()) as { results: { audit_event_id: string }[] };
      ids.push(...results.map((r) => r.audit_event_id));
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it(`stores exactly ${N} rows, one per decision; with the seeding's admin events their leaf indices fill 0..${N + SEEDED_ADMIN_EVENTS - 1}`, async () => {
    expect(new Set(ids).size).toBe(N);
    expect(await until(async () => (await stack.rows()).length >= N, 60_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 2_000)); // nothing more arrives
    const rows = await stack.rows();
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(await until(async () => (await stack.adminRows()).length >= SEEDED_ADMIN_EVENTS, 30_000)).toBe(true);
    expect(await stack.leafIndices()).toEqual(Array.from({ length: N + SEEDED_ADMIN_EVENTS }, (_, i) => i));
  }, 90_000);

  it("every row has a valid inclusion proof from the API, against a signed tree head", async () => {
    const { auditor } = stack.tenant.keys;
    const rows = new Map((await stack.rows()).map((r) => [r.event_id, r]));
    for (const id of ids) {
      const res = await call(stack, auditor, `/v2/audit/${id}`);
      expect(res.status).toBe(200);
      const p = (await res.json()) as { event: AuditEvent; leaf_index: number; inclusion_proof: string[]; tree_head: TreeHead; public_key: { key_id: string; jwk: JsonWebKey } };
      expect(await verifyTreeHead(p.tree_head, createVerifier(p.public_key.key_id, p.public_key.jwk))).toEqual({ ok: true });
      const leafHash = auditLeafHash(p.event);
      const claim = { leafIndex: p.leaf_index, treeSize: p.tree_head.tree_size, leafHash, proof: p.inclusion_proof.map(base64Decode), rootHash: base64Decode(p.tree_head.root_hash) };
      expect(verifyInclusion(claim), id).toEqual({ ok: true });
      expect(rows.get(id)?.leaf_index).toBe(p.leaf_index);
      // The Postgres row holds the same event: served through the decisions API, it hashes to the same leaf.
      const fromDb = await call(stack, auditor, `/v2/decisions/${id}`);
      expect(fromDb.headers.get("x-nethical-audit-source")).toBe("postgres");
      const view = (await fromDb.json()) as Record<string, unknown>;
      const { leaf_index, proof, decision_id, ...event } = view;
      expect(leaf_index).toBe(p.leaf_index);
      expect(decision_id).toBe(id);
      expect(proof).toBe(`/v2/audit/${id}`);
      expect(auditLeafHash(event as AuditEvent)).toEqual(leafHash);
    }
  }, 120_000);

  it("copies the signed tree heads to Postgres, where they still verify", async () => {
    const { auditor } = stack.tenant.keys;
    const { public_key } = (await (await call(stack, auditor, "/v2/audit/tree-head")).json()) as { public_key: { key_id: string; jwk: JsonWebKey } };
    const verifier = createVerifier(public_key.key_id, public_key.jwk);
    expect(await until(async () => (await stack.query("SELECT 1 FROM tree_heads WHERE tenant = $1", [stack.tenant.tenant])).length > 0, 30_000)).toBe(true);
    const heads = await stack.query("SELECT * FROM tree_heads WHERE tenant = $1 ORDER BY tree_size", [stack.tenant.tenant]);
    for (const h of heads) {
      const head = { log_id: String(h.tenant), tree_size: Number(h.tree_size), root_hash: String(h.root_hash), timestamp: new Date(h.timestamp as string).getTime(), key_id: String(h.key_id), signature: String(h.signature) };
      expect(await verifyTreeHead(head, verifier)).toEqual({ ok: true });
    }
  }, 60_000);

  it("never stores the raw request: the SSN in an action is in no row", async () => {
    const rows = await stack.rows();
    expect(JSON.stringify(rows.map((r) => r.row))).not.toContain("078-05-1120");
  });

  it("lists decisions from Postgres with filters and paging, and exports a segment that verifies", async () => {
    const { auditor } = stack.tenant.keys;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(stack, auditor, `/v2/decisions?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.headers.get("x-nethical-audit-source")).toBe("postgres");
      const page = (await res.json()) as { decisions: { event_id: string }[]; next_cursor: string | null };
      seen.push(...page.decisions.map((d) => d.event_id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen.sort()).toEqual([...ids].sort());
    const robot0 = (await (await call(stack, auditor, "/v2/decisions?agent_id=robot-0")).json()) as { decisions: { agent_id: string }[] };
    expect(robot0.decisions).toHaveLength(N_SINGLE / 4);
    const segment = await (await call(stack, auditor, "/v2/audit/export", { since_tree_size: 5 })).json();
    const report = await verifySegment(segment);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.entries_verified).toBe(N + SEEDED_ADMIN_EVENTS);
  }, 60_000);

  it("the audit commands of docs/audit.md ($ID and SINCE set) and the README run as written and write only under .dev/", async () => {
    // A working folder inside the repository (so `npx nethical` finds the workspace) under the ignored .dev/.
    const cwd = join(ROOT, ".dev", `docs-commands-${process.pid}`);
    mkdirSync(join(cwd, ".dev"), { recursive: true });
    writeFileSync(join(cwd, ".dev", "dev-tenant.json"), JSON.stringify(stack.tenant));
    try {
      for (const [file, marker] of [["docs/audit.md", "$ID"], ["README.md", "v2/audit/tree-head"]] as const) {
        const script = shellBlock(file, marker).replaceAll("localhost:8787", new URL(stack.url).host);
        const out = execFileSync("bash", ["-euo", "pipefail", "-c", script], { cwd, encoding: "utf8", timeout: 90_000 });
        expect(out, file).toMatch(/verified/i);
        if (file === "docs/audit.md") expect(out).toMatch(/Decision \S+ — BLOCK \(risk /); // the text view of $ID
        expect(readdirSync(cwd), file).toEqual([".dev"]);
        expect(readdirSync(join(cwd, ".dev", "audit")).sort(), file).toEqual(["head.json", "key.json", "segment.json"]);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});
