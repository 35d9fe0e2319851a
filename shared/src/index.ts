/**
 * @nethical/core — the pure decision engine. No I/O, no clock, no randomness inside evaluate: everything
 * comes in as arguments, so the Worker, the Durable Objects, the edge device and the CLI give
 * byte-identical decisions for the same input and bundle.
 */
export * from "./schemas/index.ts";
