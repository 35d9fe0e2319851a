/**
 * The client tests' stack (wrangler dev + a seeded tenant) lives in the dev-stack package, shared with the
 * Python client's tests.
 */
export { eventually, fetchAuditKey, ROOT, startClientStack, type ClientStack } from "@nethical/dev-stack/client-stack";
