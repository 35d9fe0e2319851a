/**
 * What each role may see and do in the console — the API's own role checks (workers/openapi.json
 * `x-nethical-roles`), mirrored so the console shows only what the key can use. The API still decides.
 */

/** A tenant role. */
export type Role = "agent" | "operator" | "auditor" | "admin" | "device";
/** A view of the console. */
export type View = "live" | "decision" | "agents" | "fleet" | "policies" | "slo";

/** What a role can do in the console. */
export interface Abilities {
  views: View[];
  /** GET /v2/decisions, /v2/decisions/{id} and /v2/audit/* (inclusion proofs). */
  readAudit: boolean;
  /** POST /v2/agents/{id}/reinstate. */
  reinstate: boolean;
  /** POST /v2/policies/{id}/versions/{version}/transition. */
  transition: boolean;
}

const READERS: View[] = ["live", "decision", "agents", "fleet", "policies", "slo"];

/**
 * The console abilities of `role`.
 *
 * @example
 * abilitiesOf("auditor").reinstate; // false
 */
export function abilitiesOf(role: string): Abilities {
  switch (role) {
    case "admin":
      return { views: READERS, readAudit: true, reinstate: true, transition: true };
    case "operator":
      return { views: READERS, readAudit: false, reinstate: true, transition: true };
    case "auditor":
      return { views: READERS, readAudit: true, reinstate: false, transition: false };
    default:
      return { views: [], readAudit: false, reinstate: false, transition: false };
  }
}
