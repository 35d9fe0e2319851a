/**
 * @nethical/client runs inside workerd: a Worker (here the test) can call Nethical through the client,
 * with the app's own fetch standing in for the network (a service binding would be the same shape).
 * Evaluate, batch, guard() and a client-side verified inclusion proof, all in the Workers runtime.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BlockedError, guard, NethicalClient, type PinnedKey } from "@nethical/client";
import { waitForDecision } from "./audit/testing.ts";
import { api, createTenant, ORIGIN } from "./testing/api.ts";

const appFetch = (request: Request) => exports.default.fetch(request);

describe("@nethical/client in workerd", () => {
  it("evaluates, batches, guards and verifies an inclusion proof", async () => {
    const { keys } = await createTenant("sdk");
    const client = new NethicalClient({ baseUrl: ORIGIN, apiKey: keys.agent, fetch: appFetch });

    const { response, meta } = await client.evaluateWithMeta({ agent_id: "w-1", action: "what is the weather", action_type: "query" });
    expect(response.decision).toBe("ALLOW");
    const results = await client.batch([
      { agent_id: "w-1", action: "hello", action_type: "query" },
      { agent_id: "w-1", action: "rm -rf / --no-preserve-root", action_type: "code_execution" },
    ]);
    expect(results.map((r) => (r.status === 200 ? r.response.decision : r.status))).toEqual(["ALLOW", "BLOCK"]);

    const ran: string[] = [];
    const shell = guard(client, { agentId: "w-2", tool: "shell", actionType: "code_execution", describe: (a: { command: string }) => a.command, run: (a) => (ran.push(a.command), "done") });
    expect(await shell({ command: "ls -la" })).toBe("done");
    await expect(shell({ command: "rm -rf / --no-preserve-root" })).rejects.toBeInstanceOf(BlockedError);
    expect(ran).toEqual(["ls -la"]);

    const head = (await (await api("/v2/audit/tree-head", { key: keys.auditor })).json()) as { public_key: PinnedKey };
    const auditor = new NethicalClient({ baseUrl: ORIGIN, apiKey: keys.auditor, fetch: appFetch, auditPublicKey: head.public_key });
    await waitForDecision(keys.auditor, response.decision_id);
    const proof = await auditor.audit.event(meta.auditEventId as string);
    expect("decision" in proof.event && proof.event.decision_id).toBe(response.decision_id);
  });
});
