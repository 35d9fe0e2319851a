/**
 * Adding the fairness cohort to decision audit events before they are sent (in `waitUntil`, never on the
 * response path): when the tenant names a field and the request's context has a string, number or
 * boolean there, the event gets `cohort: { field, id }` with the keyed pseudonym of the value.
 * Cost per decision with a field set: one HMAC-SHA256 (WebCrypto); the setting is cached per isolate.
 */
import { cohortId, cohortKey, contextValue, type AuditEvent, type EvaluateRequest } from "@nethical/core";
import { readFairnessConfig, saltBytes } from "./config.ts";

/**
 * Stamp each event (same order as `requests`) with its cohort; events of requests without the field stay
 * as they are. A KV failure leaves every event without a cohort (logged), never loses the events.
 *
 * @example
 * await stampCohorts(env, tenant, requests, events);
 */
export async function stampCohorts(env: Pick<Env, "POLICY_KV">, tenant: string, requests: readonly EvaluateRequest[], events: AuditEvent[]): Promise<void> {
  let config;
  try {
    config = await readFairnessConfig(env.POLICY_KV, tenant, Date.now());
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "fairness setting unreadable: decisions recorded without cohort", tenant, error: (error as Error)?.name ?? "Error" }));
    return;
  }
  if (config === null) return;
  const key = await cohortKey(saltBytes(config));
  await Promise.all(
    events.map(async (event, i) => {
      const value = contextValue(requests[i]?.context, config.field);
      if (value !== undefined) event.cohort = { field: config.field, id: await cohortId(key, config.field, value) };
    }),
  );
}
