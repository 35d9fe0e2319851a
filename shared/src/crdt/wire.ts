/**
 * JSON form of policy states and deltas (schemas: wire-schema.ts), for Durable Object SQLite storage
 * and the wire. Maps become arrays sorted by key and stamps become their sortable string form, so the same
 * state always serialises to the same canonical JSON (replicas can be compared byte for byte). Parsing
 * validates with zod and rejects duplicates with a {@link CrdtError} `invalid_wire` naming the problem.
 */
import type { z } from "zod";
import type { Hlc } from "./hlc.ts";
import { decodeHlc, encodeHlc } from "./hlc-codec.ts";
import type { LwwRegister } from "./lww-register.ts";
import type { OrSetTag } from "./or-set.ts";
import { PolicyDocumentVersionSchema } from "./policy-document.ts";
import type { PolicyStateDelta } from "./delta.ts";
import type { PolicyState } from "./policy-state.ts";
import { CrdtError } from "./crdt-error.ts";
import type { VersionVector } from "./version-vector.ts";
import {
  policyStateDeltaWireSchema,
  type PolicyStateDeltaWire,
  type PolicyStateWire,
  policyStateWireSchema,
} from "./wire-schema.ts";

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function vvToWire(vv: VersionVector): string[] {
  return [...vv.values()].map(encodeHlc).sort();
}

/**
 * Serialise a state to plain JSON (deterministic order).
 *
 * @example
 * await storage.put("policy-state", policyStateToWire(state));
 */
export function policyStateToWire<V>(state: PolicyState<V>): PolicyStateWire<V> {
  const docs = [...state.docs].map(([policy_id, reg]) => ({ policy_id, stamp: encodeHlc(reg.stamp), value: reg.value }));
  const members = [...state.members].map(([policy_id, tags]) => ({
    policy_id,
    tags: [...tags]
      .map(([tag, t]) => ({ tag, removed: t.removed === null ? null : encodeHlc(t.removed) }))
      .sort(byKey((t) => t.tag)),
  }));
  const active = state.active === undefined ? null : { stamp: encodeHlc(state.active.stamp), value: state.active.value };
  return {
    v: 1,
    vv: vvToWire(state.vv),
    docs: docs.sort(byKey((d) => d.policy_id)),
    members: members.sort(byKey((m) => m.policy_id)),
    active,
  };
}

/**
 * Serialise a delta to plain JSON.
 *
 * @example
 * socket.send(JSON.stringify(policyDeltaToWire(deltaSince(state, peerVv))));
 */
export function policyDeltaToWire<V>(delta: PolicyStateDelta<V>): PolicyStateDeltaWire<V> {
  return { ...policyStateToWire(delta.state), since: vvToWire(delta.since) };
}

function fail(message: string): never {
  throw new CrdtError("invalid_wire", message);
}

function vvFromWire(stamps: readonly string[], field: string): VersionVector {
  const vv = new Map<string, Hlc>();
  for (const text of stamps) {
    const stamp = decodeHlc(text);
    if (vv.has(stamp.node)) fail(`${field}: node ${stamp.node} appears twice`);
    vv.set(stamp.node, stamp);
  }
  return vv;
}

function stateFromParsed<V>(wire: PolicyStateWire<V>): PolicyState<V> {
  const docs = new Map<string, LwwRegister<V>>();
  for (const d of wire.docs) {
    if (docs.has(d.policy_id)) fail(`docs: policy ${d.policy_id} appears twice`);
    docs.set(d.policy_id, { value: d.value, stamp: decodeHlc(d.stamp) });
  }
  const members = new Map<string, ReadonlyMap<string, OrSetTag>>();
  for (const m of wire.members) {
    if (members.has(m.policy_id)) fail(`members: policy ${m.policy_id} appears twice`);
    const tags = new Map<string, OrSetTag>();
    for (const t of m.tags) {
      if (tags.has(t.tag)) fail(`members: tag ${t.tag} of policy ${m.policy_id} appears twice`);
      tags.set(t.tag, { added: decodeHlc(t.tag), removed: t.removed === null ? null : decodeHlc(t.removed) });
    }
    members.set(m.policy_id, tags);
  }
  const active = wire.active === null ? undefined : { value: wire.active.value, stamp: decodeHlc(wire.active.stamp) };
  return { docs, members, active, vv: vvFromWire(wire.vv, "vv") };
}

const stateSchemas = new WeakMap<object, z.ZodType<unknown>>();
const deltaSchemas = new WeakMap<object, z.ZodType<unknown>>();

function cached(cache: WeakMap<object, z.ZodType<unknown>>, value: z.ZodType<unknown>, make: () => z.ZodType<unknown>) {
  let schema = cache.get(value);
  if (schema === undefined) {
    schema = make();
    cache.set(value, schema);
  }
  return schema;
}

function parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    fail(`${what}: ${issue === undefined ? "invalid" : `${issue.path.join(".") || "(root)"}: ${issue.message}`}`);
  }
  return result.data;
}

/**
 * Parse a serialised state. `value` validates each document (default: PolicyDocumentVersion).
 *
 * @example
 * const state = policyStateFromWire(await storage.get("policy-state"));
 */
export function policyStateFromWire<V = z.infer<typeof PolicyDocumentVersionSchema>>(
  json: unknown,
  value: z.ZodType<V> = PolicyDocumentVersionSchema as unknown as z.ZodType<V>,
): PolicyState<V> {
  const schema = cached(stateSchemas, value, () => policyStateWireSchema(value));
  return stateFromParsed(parse(schema, json, "policy store state") as PolicyStateWire<V>);
}

/**
 * Parse a serialised delta (from a peer region or a device message).
 *
 * @example
 * state = applyDelta(state, policyDeltaFromWire(JSON.parse(message)));
 */
export function policyDeltaFromWire<V = z.infer<typeof PolicyDocumentVersionSchema>>(
  json: unknown,
  value: z.ZodType<V> = PolicyDocumentVersionSchema as unknown as z.ZodType<V>,
): PolicyStateDelta<V> {
  const schema = cached(deltaSchemas, value, () => policyStateDeltaWireSchema(value));
  const wire = parse(schema, json, "policy store delta") as PolicyStateDeltaWire<V>;
  return { since: vvFromWire(wire.since, "since"), state: stateFromParsed(wire) };
}
