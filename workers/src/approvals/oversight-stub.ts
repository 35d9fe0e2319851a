/**
 * The tenant's Oversight Durable Object (approvals and appeals), and calling it from a route.
 */
import type { Oversight } from "@nethical/durable-objects";
import { oversightFor } from "@nethical/durable-objects/residency/by-tenant";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";

type Methods = "openApproval" | "getApproval" | "listApprovals" | "decideApproval" | "checkApproval" | "claimApproval" | "fileAppeal" | "getAppeal" | "listAppeals" | "decideAppeal" | "noteReinstatement";

/** The Oversight object's methods as RPC calls (each result a plain promise of the method's result union). */
export type OversightRpc = { [K in Methods]: Oversight[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

/**
 * The stub of `tenant`'s Oversight object (through the residency seam, in the tenant's jurisdiction).
 *
 * @example
 * const view = await oversightStub(env, "acme").getApproval("acme", id, Date.now());
 */
export function oversightStub(env: Env, tenant: string): OversightRpc {
  // The stub's generated RPC types mangle result unions; the methods' own signatures are the contract.
  return oversightFor(env, tenant) as unknown as OversightRpc;
}

/**
 * A call to the Oversight object under the Durable Object deadline; failures become 503 problems.
 *
 * @example
 * const page = await callOversight(oversightStub(env, tenant).listApprovals(tenant, filter, Date.now()));
 */
export function callOversight<T>(promise: Promise<T>): Promise<T> {
  return callDurableObject(promise, "Oversight", DO_TIMEOUT_MS, "approvals and appeals could not be reached; try again");
}
