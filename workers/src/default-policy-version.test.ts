/**
 * A new tenant's active policy is the default policy as bundle seq 1: the same `policy_version` the CLI
 * reports for the default policy (cli/src/commands/eval.test.ts checks the CLI side against the same value).
 */
import { describe, expect, it } from "vitest";
import { defaultPolicy, policyHash, policyVersion } from "@nethical/core";
import { api, createTenant } from "./testing/api.ts";

describe("the default policy's version", () => {
  it("is 1.<hash prefix> for a new tenant", async () => {
    const { keys } = await createTenant("default-version");
    const active = (await (await api("/v2/policies/active", { key: keys.operator })).json()) as { policy_version: string };
    expect(active.policy_version).toBe(policyVersion({ seq: 1, hash: await policyHash(defaultPolicy()) }));
  });
});
