/**
 * The stream sink's no-listener memo (workerd, the real StreamHub): a tenant without open streams costs one
 * hub call per isolate per NO_LISTENER_MEMO_MS, not one per decision; issuing a token clears the memo.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { putTenantRecord } from "@nethical/durable-objects/residency/tenant-record";
import { uniqueTenant } from "../testing/api.ts";
import { expectListeners, NO_LISTENER_MEMO_MS, publishToStreams, streamHubStub } from "./stream-sink.ts";

describe("publishToStreams", () => {
  it("skips the hub while it is known to have no listeners, and asks again after the memo or a token", async () => {
    const tenant = uniqueTenant("sink");
    // Tenant objects are addressed through the residency seam, which needs the tenant's record.
    await putTenantRecord(env.POLICY_KV, { tenant, name: tenant, residency: "any", created_at: new Date().toISOString() });
    // Wake the tenant's hub first (its first start in workerd can take longer than the publish deadline on
    // a slow machine); listing streams registers no listener.
    expect(await streamHubStub(env, tenant).streams(tenant)).toBeDefined();
    const events = [sampleAuditEvent(0, { tenant })];
    const now = Date.now();
    expect(await publishToStreams(env, tenant, events, now)).toBe(true);
    expect(await publishToStreams(env, tenant, events, now + 1)).toBe(false);
    expect(await publishToStreams(env, tenant, events, now + NO_LISTENER_MEMO_MS - 1)).toBe(false);
    expect(await publishToStreams(env, tenant, events, now + NO_LISTENER_MEMO_MS)).toBe(true);
    expectListeners(tenant);
    expect(await publishToStreams(env, tenant, events, now + NO_LISTENER_MEMO_MS + 1)).toBe(true);
  });
});
