/**
 * API views of the audit archive and the witness (issue 19): `GET /v2/audit/witness`,
 * `GET|PUT /v2/audit/retention`, `POST /v2/audit/archive/run`, and the witnessed head of `GET /v2/audit/tree-head`.
 */
import { z } from "zod";
import { ARCHIVE_TIERS, AuditPublicKeySchema, CosignatureSchema, WITNESS_REFUSALS } from "@nethical/core";
import { named, TreeHead } from "./components.ts";

const PublicKey = AuditPublicKeySchema;

/** `GET /v2/audit/tree-head`: the signed head, its key, the witness cosignatures and the witness status. */
export const WitnessedHead = named(
  "WitnessedHead",
  z
    .object({
      tree_head: TreeHead,
      public_key: PublicKey,
      cosignatures: z.array(CosignatureSchema.extend({ witness_public_key: PublicKey })).describe("Cosignatures of this head by the tenant's witness (empty: uncosigned)"),
      witness: z
        .object({
          status: z.enum(["cosigned", "uncosigned"]),
          code: z.string().optional().describe("Why uncosigned: a witness refusal code, `unavailable`, `misconfigured` or `not_requested`"),
          detail: z.string().optional(),
          witness_public_key: PublicKey.optional(),
        })
        .strict(),
    })
    .strict(),
);

/** `GET /v2/audit/witness`. */
export const WitnessInfo = named(
  "WitnessInfo",
  z
    .object({
      public_key: PublicKey,
      key_origin: z.enum(["secret", "development"]),
      refusals: z.array(
        z
          .object({ at: z.number().int(), code: z.enum(WITNESS_REFUSALS), detail: z.string(), last_head: TreeHead.nullable(), offered_head: TreeHead })
          .strict(),
      ),
    })
    .strict(),
);

const ArchiveRow = z
  .object({
    from_leaf: z.number().int(),
    to_leaf: z.number().int(),
    tier: z.enum(ARCHIVE_TIERS),
    key: z.string().describe("The R2 object key (t/<tenant>/audit/<tier>/<from>-<to>.json)"),
    sealed_at: z.number().int(),
    deleted_at: z.number().int().nullable(),
    tree_head: TreeHead,
  })
  .strict();

/** `GET|PUT /v2/audit/retention`. */
export const AuditRetention = named(
  "AuditRetention",
  z
    .object({
      policy: z
        .object({ hot_days: z.number().int(), warm_days: z.number().int(), retention_days: z.number().int(), rule_id: z.string(), set_at: z.number().int().nullable() })
        .strict(),
      segments: z.array(ArchiveRow),
    })
    .strict(),
);

/** `POST /v2/audit/archive/run`. */
export const ArchiveRun = named(
  "ArchiveRun",
  z
    .object({
      sealed: z.array(z.object({ from_leaf: z.number().int(), to_leaf: z.number().int(), key: z.string(), cosigned: z.boolean() }).strict()),
      moved: z.array(z.object({ from_leaf: z.number().int(), to_leaf: z.number().int(), from: z.enum(ARCHIVE_TIERS), to: z.enum(ARCHIVE_TIERS), key: z.string() }).strict()),
      deleted: z.array(z.object({ from_leaf: z.number().int(), to_leaf: z.number().int(), rule_id: z.string(), tombstone: z.string(), admin_event_id: z.string() }).strict()),
    })
    .strict(),
);
