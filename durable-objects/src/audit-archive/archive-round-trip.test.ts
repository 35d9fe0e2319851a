/**
 * The archive round trip in workerd with the R2 binding (AUDIT_ARCHIVE) and an injected clock: appends,
 * sealed segments exported to R2, the retention policy applied (hot → warm → cold, then deletion with an
 * admin audit leaf and a signed tombstone), and the objects downloaded from R2 verified by the real
 * `nethical audit verify --archive` process (the AUDIT_VERIFY service binding runs it in Node) — no API.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { putTenantRecord } from "../residency/tenant-record.ts";
import { auditLogStub, witnessStub } from "../residency/placement.ts";
import { events } from "../audit-log/testing.ts";
import { archivePrefix } from "./archive-index.ts";

const DAY = 86_400_000;
const verifyProcess = (env as unknown as { AUDIT_VERIFY: Fetcher }).AUDIT_VERIFY;

async function download(tenant: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const listed = await env.AUDIT_ARCHIVE.list({ prefix: archivePrefix(tenant), include: ["customMetadata"] });
  for (const object of listed.objects) files[object.key] = (await (await env.AUDIT_ARCHIVE.get(object.key))!.text());
  return files;
}

async function runCli(files: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const response = await verifyProcess.fetch("http://cli/run", { method: "POST", body: JSON.stringify({ files, args }) });
  return response.json();
}

describe("audit archive round trip (R2, injected clock, CLI process)", { timeout: 120_000 }, () => {
  // @req CTL-retention
  it("exports, applies retention, and verifies from R2 alone: deleted ranges are tombstoned, not missing", async () => {
    const tenant = `arch-${crypto.randomUUID().slice(0, 8)}`;
    await putTenantRecord(env.POLICY_KV, { tenant, name: tenant, residency: "any", created_at: new Date().toISOString() });
    const log = auditLogStub(env, { tenant, residency: "any" });
    const t0 = Date.UTC(2027, 0, 1);

    await log.append(tenant, events(tenant, 40));
    const first = await log.archive(tenant, { now: t0, force: true });
    expect(first?.sealed).toEqual([expect.objectContaining({ from_leaf: 0, to_leaf: 40, cosigned: true })]);
    await log.append(tenant, events(tenant, 25, 40));
    const second = await log.archive(tenant, { now: t0 + 400 * DAY, force: true });
    expect(second?.sealed).toEqual([expect.objectContaining({ from_leaf: 40, to_leaf: 65 })]);
    expect(second?.moved).toEqual([expect.objectContaining({ from_leaf: 0, from: "hot", to: "cold" })]);

    await log.setRetention(tenant, { hot_days: 30, warm_days: 365, retention_days: 2557 });
    const third = await log.archive(tenant, { now: t0 + 2600 * DAY }); // past 7 years for the first segment only
    expect(third?.deleted).toEqual([expect.objectContaining({ from_leaf: 0, to_leaf: 40, rule_id: `${tenant}/retention/v1` })]);
    expect(third?.moved).toEqual([expect.objectContaining({ from_leaf: 40, from: "hot", to: "cold" })]);

    const deletion = (await log.listAdmin(tenant, { action: "audit_segment.delete", limit: 10 }))[0];
    expect(deletion?.event).toMatchObject({ target: { type: "audit_segment", id: "0-40" }, after: { deleted: true, rule_id: `${tenant}/retention/v1` } });
    expect(await log.getEvent(tenant, events(tenant, 1)[0]!.event_id)).toBeNull(); // the rows of the deleted range are gone

    // Seal the deletion leaf too, then verify everything from the R2 objects only.
    const fourth = await log.archive(tenant, { now: t0 + 2600 * DAY, force: true });
    expect(fourth?.sealed).toEqual([expect.objectContaining({ from_leaf: 65, to_leaf: 66 })]);
    const files = await download(tenant);
    expect(Object.keys(files).sort()).toEqual([
      `t/${tenant}/audit/cold/0000000000000040-0000000000000065.json`,
      `t/${tenant}/audit/hot/0000000000000065-0000000000000066.json`,
      `t/${tenant}/audit/tombstones/0000000000000000-0000000000000040.json`,
    ]);
    const head = (await env.AUDIT_ARCHIVE.head(`t/${tenant}/audit/cold/0000000000000040-0000000000000065.json`))!;
    expect(head.customMetadata).toMatchObject({ tier: "cold", tenant, tree_size: "65" });

    const witnessKey = await witnessStub(env, { tenant, residency: "any" }).publicKey(tenant);
    const pinned = JSON.stringify({ key_id: witnessKey.key_id, jwk: witnessKey.jwk });
    const ok = await runCli({ ...files, "witness.json": pinned }, ["audit", "verify", "--archive", `{dir}/t/${tenant}/audit`, "--witness-key", "{dir}/witness.json", "--complete", "0..66", "--json"]);
    expect(ok.stderr).toBe("");
    const report = JSON.parse(ok.stdout) as { ok: boolean; coverage: { from_leaf: number; to_leaf: number; status: string; detail: string }[]; checks: { ok: boolean; name: string; detail: string }[]; cosigned: number };
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ok.code).toBe(0);
    expect(report.coverage.map((c) => [c.from_leaf, c.to_leaf, c.status])).toEqual([[0, 40, "deleted"], [40, 65, "present"], [65, 66, "present"]]);
    expect(report.coverage[0]!.detail).toMatch(new RegExp(`retention rule "${tenant}/retention/v1" at 2034-`));
    expect(report.cosigned).toBeGreaterThanOrEqual(1);

    // The same objects with the tombstone removed: the range is MISSING, and the CLI exits 1.
    const withoutTombstone = Object.fromEntries(Object.entries(files).filter(([k]) => !k.includes("/tombstones/")));
    const missing = await runCli(withoutTombstone, ["audit", "verify", "--archive", `{dir}/t/${tenant}/audit`, "--complete", "0..66"]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/leaves \[0, 40\): MISSING/);
    expect(missing.stdout).toMatch(/MISSING leaves \[0, 40\)/);
  });
});
