/**
 * The API's shapes for fleet control answers (emergency stop, cloud terminate, reinstate), described
 * once for the routes and the API document.
 */
import { z } from "zod";

/** The engaged emergency stop. */
export const EmergencyStopView = z
  .object({
    engaged: z.literal(true),
    seq: z.number().int().describe("The fleet control seq that engaged it"),
    reason: z.string(),
    actor_key_id: z.string().describe("Key id of the operator or admin who engaged it"),
    since: z.string().describe("ISO instant it was engaged"),
  })
  .strict();

/** A fleet control a route issued (sent to every device of the tenant over /v2/sync). */
export const ControlIssuedView = z
  .object({
    seq: z.number().int().describe("The control's seq: devices apply controls in this order, each once"),
    kind: z.string(),
    issued_at: z.string(),
    regions_missed: z.array(z.string()).describe("Peer regions whose store could not be reached yet (empty when every region has it)"),
  })
  .strict();

/**
 * What a route answers about a control it issued.
 *
 * @example
 * issuedView(result); // { seq: 7, kind: "estop.engage", issued_at, regions_missed: [] }
 */
export function issuedView(result: { control: { seq: number; kind: string; issued_at: string }; regions: { missed: string[] } }): z.infer<typeof ControlIssuedView> {
  return { seq: result.control.seq, kind: result.control.kind, issued_at: result.control.issued_at, regions_missed: result.regions.missed };
}
