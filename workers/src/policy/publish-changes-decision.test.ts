/**
 * The versioned lifecycle end to end at the Worker: a policy created with POST /v2/policies stays in
 * quarantine (no effect), a canary covers only its share of agents, activation changes the decision for a
 * matching action at once, rollback re-activates old content under a new seq, and the publish gate and
 * state machine refuse what they must.
 */
import { describe, expect, it } from "vitest";
import { action, api, createTenant, evaluate, killSwitchPolicy } from "../testing/api.ts";
import { canaryBucket } from "./canary-bucket.ts";

interface Version { policy_id: string; version: number; status: string; seq: number | null }

async function create(key: string, policy: unknown, id = "guard"): Promise<Version> {
  const res = await api(`/v2/policies?policy_id=${id}`, { key, json: policy });
  expect(res.status).toBe(201);
  return (await res.json()) as Version;
}

function transition(key: string, v: Version, body: Record<string, unknown>): Promise<Response> {
  return api(`/v2/policies/${v.policy_id}/versions/${v.version}/transition`, { key, json: body });
}

describe("publishing through the API", { timeout: 30_000 }, () => {
  it("quarantine has no effect; activation changes the decision for a matching action at once", async () => {
    const { keys } = await createTenant("pub");
    const blocked = action("pub-1", { context: { block: true } });
    expect((await evaluate(keys.agent, blocked)).body.decision).toBe("ALLOW");
    const v1 = await create(keys.operator, killSwitchPolicy());
    expect(v1).toMatchObject({ policy_id: "guard", version: 1, status: "quarantine" });
    expect((await evaluate(keys.agent, blocked)).body.decision).toBe("ALLOW");
    const res = await transition(keys.operator, v1, { to: "active" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: Version; active: { seq: number; signed: boolean } };
    expect(body.version).toMatchObject({ status: "active", seq: 2 });
    expect(body.active).toMatchObject({ seq: 2, signed: true });
    const after = await evaluate(keys.agent, blocked);
    expect(after.body.decision).toBe("BLOCK");
    expect(after.body.policy_version.startsWith("2.")).toBe(true);
  });

  it("lists policies and versions; the previously active version is deprecated", async () => {
    const { keys } = await createTenant("pub");
    const v1 = await create(keys.operator, killSwitchPolicy());
    await transition(keys.operator, v1, { to: "active" });
    const list = (await (await api("/v2/policies", { key: keys.auditor })).json()) as { policies: { policy_id: string; versions: Version[] }[] };
    const statuses = Object.fromEntries(list.policies.map((p) => [p.policy_id, p.versions.map((v) => v.status)]));
    expect(statuses).toEqual({ default: ["deprecated"], guard: ["active"] });
    const one = (await (await api("/v2/policies/guard?include=policy", { key: keys.auditor })).json()) as { versions: { policy: { name: string } }[] };
    expect(one.versions[0]?.policy.name).toBe("test-kill-switch");
    expect((await api("/v2/policies/nope", { key: keys.auditor })).status).toBe(404);
    expect((await api("/v2/policies?policy_id=x", { key: keys.auditor, json: killSwitchPolicy() })).status).toBe(403);
  });

  it("a canary decides only its share of agents (by hash of agent_id) with the new bundle", async () => {
    const { keys } = await createTenant("pub");
    const v1 = await create(keys.operator, killSwitchPolicy());
    expect((await transition(keys.operator, v1, { to: "canary", canary_percent: 50 })).status).toBe(200);
    const ids = Array.from({ length: 40 }, (_, i) => `canary-agent-${i}`);
    await evaluate(keys.agent, action("warm-up"));
    await new Promise((r) => setTimeout(r, 1_100)); // past L1 freshness, so the canary pointer is read
    for (const id of ids) {
      const { body } = await evaluate(keys.agent, action(id, { context: { block: true } }));
      expect(body.decision).toBe(canaryBucket(id) < 50 ? "BLOCK" : "ALLOW");
    }
    expect(ids.some((id) => canaryBucket(id) < 50) && ids.some((id) => canaryBucket(id) >= 50)).toBe(true);
  });

  it("rollback activates old content as a new version with a higher seq", async () => {
    const { keys } = await createTenant("pub");
    const v1 = await create(keys.operator, killSwitchPolicy());
    await transition(keys.operator, v1, { to: "active" }); // seq 2
    const v2 = await create(keys.operator, { version: 1, name: "open", default: { decision: "ALLOW" }, rules: [] });
    await transition(keys.operator, v2, { to: "active" }); // seq 3, v1 deprecated
    expect((await evaluate(keys.agent, action("rb", { context: { block: true } }))).body.decision).toBe("ALLOW");
    const res = await transition(keys.operator, v1, { to: "active" });
    const body = (await res.json()) as { version: Version };
    expect(body.version).toMatchObject({ policy_id: "guard", version: 3, status: "active", seq: 4 });
    expect((await evaluate(keys.agent, action("rb", { context: { block: true } }))).body.decision).toBe("BLOCK");
  });

  it("refuses impossible transitions and bad input with problem+json", async () => {
    const { keys } = await createTenant("pub");
    const v1 = await create(keys.operator, killSwitchPolicy());
    expect((await transition(keys.operator, v1, { to: "canary" })).status).toBe(422);
    expect((await transition(keys.operator, v1, { to: "quarantine" })).status).toBe(409);
    expect((await transition(keys.operator, { ...v1, version: 9 }, { to: "active" })).status).toBe(404);
    expect((await transition(keys.operator, v1, { to: "live" })).status).toBe(422);
    await transition(keys.operator, v1, { to: "active" });
    const dep = await transition(keys.operator, v1, { to: "deprecated" });
    expect(dep.status).toBe(409);
    expect(dep.headers.get("content-type")).toBe("application/problem+json");
    const bad = await api("/v2/policies?policy_id=bad", { key: keys.operator, json: { version: 1, name: "x", default: { decision: "PERMIT" }, rules: [] } });
    expect(bad.status).toBe(422);
  });
});
