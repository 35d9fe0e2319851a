/**
 * Zod schemas of the policy-state wire format (wire.ts converts): a state is
 * `{ v: 1, vv: [stamp…], docs: [{ policy_id, stamp, value }…], members: [{ policy_id, tags: [{ tag, removed }…] }…],
 * active: { stamp, value } | null }`; a delta adds `since: [stamp…]`. Stamps are HLC strings (hlc-codec.ts).
 */
import * as z from "zod";
import { ActivePointerSchema, PolicyDocumentVersionSchema, PolicyIdSchema } from "./policy-document.ts";

const STAMP = z.string().regex(/^[0-9a-f]{12}\.[0-9a-f]{6}\.[A-Za-z0-9._:-]{1,64}$/, "expected an HLC stamp");
const VV = z.array(STAMP).max(10_000);

/**
 * Zod schema of a serialised state whose documents match `value`.
 *
 * @example
 * const schema = policyStateWireSchema(PolicyDocumentVersionSchema);
 */
export function policyStateWireSchema<V>(value: z.ZodType<V>) {
  return z
    .object({
      v: z.literal(1),
      vv: VV,
      docs: z.array(z.object({ policy_id: PolicyIdSchema, stamp: STAMP, value }).strict()),
      members: z.array(
        z
          .object({
            policy_id: PolicyIdSchema,
            tags: z.array(z.object({ tag: STAMP, removed: STAMP.nullable() }).strict()).min(1),
          })
          .strict(),
      ),
      active: z.object({ stamp: STAMP, value: ActivePointerSchema.nullable() }).strict().nullable(),
    })
    .strict();
}

/**
 * Zod schema of a serialised delta: a state plus the vector `since` it was computed against.
 *
 * @example
 * const schema = policyStateDeltaWireSchema(PolicyDocumentVersionSchema);
 */
export function policyStateDeltaWireSchema<V>(value: z.ZodType<V>) {
  return policyStateWireSchema(value).extend({ since: VV });
}

// `@__PURE__`: a bundle that does not use these (the device, the Worker) leaves them out instead of building
// them at every start (building them took 5 ms of a profiled device start).
/** Serialised state of policy document versions. */
export const PolicyStateWireSchema = /* @__PURE__ */ policyStateWireSchema(PolicyDocumentVersionSchema);
/** Serialised delta of policy document versions. */
export const PolicyStateDeltaWireSchema = /* @__PURE__ */ policyStateDeltaWireSchema(PolicyDocumentVersionSchema);
export type PolicyStateWire<V = z.infer<typeof PolicyDocumentVersionSchema>> = z.infer<
  ReturnType<typeof policyStateWireSchema<V>>
>;
export type PolicyStateDeltaWire<V = z.infer<typeof PolicyDocumentVersionSchema>> = z.infer<
  ReturnType<typeof policyStateDeltaWireSchema<V>>
>;
