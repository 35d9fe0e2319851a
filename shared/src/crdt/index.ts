/** CRDT policy state: HLC, LWW register, OR-set, version vectors, deltas, wire format, replica. */
export * from "./hlc.ts";
export * from "./hlc-codec.ts";
export * from "./lww-register.ts";
export * from "./or-set.ts";
export * from "./version-vector.ts";
export * from "./policy-document.ts";
export * from "./crdt-error.ts";
export * from "./policy-state.ts";
export * from "./policy-state-queries.ts";
export * from "./delta.ts";
export * from "./wire-schema.ts";
export * from "./wire.ts";
export * from "./replica.ts";
