/**
 * The id of the one-file build this code runs in (edge-device/scripts/build.ts sets it: a hash of the
 * build's output), or undefined when it runs from the TypeScript source. The bundle keeper uses it to
 * know that a stored bundle was schema-validated by this very code (see sync/bundle-keeper.ts).
 */
declare const __NETHICAL_EDGE_BUILD_ID__: string | undefined;

/**
 * The build id, or undefined outside a build.
 *
 * @example
 * buildId(); // "3f9c…" in a shipped build, undefined from source
 */
export function buildId(): string | undefined {
  return typeof __NETHICAL_EDGE_BUILD_ID__ === "string" ? __NETHICAL_EDGE_BUILD_ID__ : undefined;
}
