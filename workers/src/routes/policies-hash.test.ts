/**
 * Policy listings carry each version's hash (they used to show `hash: null`, even for the active version):
 * `GET /v2/policies`, `GET /v2/policies/{id}` and the publish and transition answers. The hash is the
 * SHA-256 of the version's canonical policy, so it is the bundle hash the version has, or will have once
 * it is published, and activation does not change it.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy, policyHash } from "@nethical/core";
import { api, createTenant } from "../testing/api.ts";

interface VersionInfo { policy_id: string; version: number; status: string; hash: string | null; seq: number | null }

/** YAML that leaves out what the schema defaults (priorities, the rules' optional fields). */
const YAML = [
  "version: 1",
  "name: hash-check",
  "default: { decision: ALLOW }",
  "rules:",
  "  - id: no-deploy",
  "    when: { field: tool.name, op: eq, value: deploy }",
  "    then: { decision: BLOCK, reason: deploys are frozen }",
  "",
].join("\n");

async function json<T>(res: Promise<Response>): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return (await r.json()) as T;
}

async function listed(key: string): Promise<Record<string, VersionInfo[]>> {
  const body = await json<{ policies: { policy_id: string; versions: VersionInfo[] }[] }>(api("/v2/policies", { key }));
  return Object.fromEntries(body.policies.map((p) => [p.policy_id, p.versions]));
}

describe("policy listings show each version's hash", { timeout: 30_000 }, () => {
  it("the new tenant's active default version has the active bundle's hash, in both listings", async () => {
    const { keys } = await createTenant("listing-hash");
    const active = await json<{ hash: string; seq: number }>(api("/v2/policies/active", { key: keys.operator }));
    expect(active.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await listed(keys.auditor)).default).toEqual([expect.objectContaining({ status: "active", seq: active.seq, hash: active.hash })]);
    const one = await json<{ versions: VersionInfo[] }>(api("/v2/policies/default", { key: keys.auditor }));
    expect(one.versions[0]).toMatchObject({ status: "active", hash: active.hash });
  });

  it("a published version has its hash in quarantine, keeps it when active, and it is the bundle's", async () => {
    const { keys } = await createTenant("listing-hash");
    const expected = await policyHash(parsePolicy(YAML, "yaml"));
    const published = await json<VersionInfo>(
      api("/v2/policies?policy_id=guard", { key: keys.operator, body: YAML, headers: { "content-type": "application/yaml" } }),
    );
    expect(published).toMatchObject({ status: "quarantine", hash: expected, seq: null });
    expect((await listed(keys.auditor)).guard).toEqual([expect.objectContaining({ status: "quarantine", hash: expected })]);
    const withDocument = await json<{ versions: (VersionInfo & { policy: unknown })[] }>(api("/v2/policies/guard?include=policy", { key: keys.auditor }));
    expect(withDocument.versions[0]?.hash).toBe(await policyHash(withDocument.versions[0]?.policy as never));

    const moved = await json<{ version: VersionInfo }>(
      api("/v2/policies/guard/versions/1/transition", { key: keys.operator, json: { to: "active" } }),
    );
    expect(moved.version).toMatchObject({ status: "active", hash: expected });
    const active = await json<{ hash: string; seq: number }>(api("/v2/policies/active", { key: keys.operator }));
    expect(active.hash).toBe(expected);
    const after = await listed(keys.auditor);
    expect(after.guard).toEqual([expect.objectContaining({ status: "active", seq: active.seq, hash: expected })]);
    expect(after.default?.[0]?.status).toBe("deprecated");
    expect(after.default?.[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
