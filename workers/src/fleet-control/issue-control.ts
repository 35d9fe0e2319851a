/**
 * Issuing a fleet control from a route: the tenant's control home store (one per tenant across regions,
 * controlHomeRegion) signs it under the next seq, stores it, pushes it to its connected devices and hands
 * it to the other regions' stores, which push it to theirs. The isolate that issued it learns the new
 * emergency stop state at once.
 */
import type { ControlRequest, IssueControlResult } from "@nethical/durable-objects";
import { controlHomeRegion } from "@nethical/durable-objects/policy-store/fleet-controls";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { callDurableObject } from "../durable-object-call.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { rememberControlState } from "./stop-state.ts";

/**
 * Issue `request` for `tenant`; the refusal codes are the store's (`already_engaged`, `not_engaged`).
 *
 * @example
 * const result = await issueControl(env, "acme", { kind: "agent.terminate", agent_id: "robot-7", reason, actor_key_id });
 */
export async function issueControl(env: Env, tenant: string, request: ControlRequest, now: number = Date.now()): Promise<IssueControlResult> {
  const store = policyStoreStub(env, tenant, controlHomeRegion(env));
  // Signing, the peer regions and their devices: allow one deadline per region.
  const issued = async (): Promise<IssueControlResult> => (await store.issueControl(tenant, request, now)) as IssueControlResult;
  const result = await callDurableObject(issued(), "PolicyStore", DO_TIMEOUT_MS * 2, "the fleet control could not be issued; try again");
  if (result.ok) rememberControlState(tenant, result.state, Date.now());
  return result;
}
