/** The synthetic policy generator moved to the core's testing helpers (the device's memory-limit test uses it too). */
export { syntheticPolicy } from "@nethical/core/testing/synthetic-policy.ts";
