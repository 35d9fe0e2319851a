/**
 * Who asked for a decision, as an approval records it: the caller's key id; `platform` for the bootstrap
 * key; `webhook:<source>`-style callers without a key (inbound webhooks) as `webhook`.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * The key id an approval opened by this request is attributed to (that key may not approve it).
 *
 * @example
 * requesterOf(c); // "3f2a9c01d4e5b6a7"
 */
export function requesterOf(c: Context<AppEnv>): string {
  const principal = c.get("principal") as AppEnv["Variables"]["principal"] | undefined;
  if (principal === undefined) return "webhook";
  return principal.kind === "tenant" ? principal.keyId : "platform";
}
