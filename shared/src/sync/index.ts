/** The device sync protocol (`GET /v2/sync`): messages, codec, device challenge authentication. */
export * from "./messages.ts";
export * from "./codec.ts";
export * from "./device-challenge.ts";
export * from "./device-key-rotation.ts";
export * from "./fleet-control.ts";
export * from "./fleet-control-key-set.ts";
