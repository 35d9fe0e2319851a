/**
 * Package boundaries, checked by `npm run lint:deps` (part of `npm test`) with dependency-cruiser.
 * Each top-level folder below is one workspace package; what crosses between them must go through the
 * package's name and its `exports`, and the core stays pure (no Node, no Cloudflare, no other package).
 */
const PACKAGES = "shared|http|workers|durable-objects|cli|db|edge-device|dev-stack|bench|security|sdk/typescript|terraform|deploy|hsm|console";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "relative-import-leaves-package",
      comment:
        "Import another package by its name (@nethical/...) and its exports, never by a relative path. The API description the SDK is generated from (workers/openapi.json) and the Grafana dashboard (workers/dashboards/) live in the Worker's package, beside the code their tests check them against.",
      severity: "error",
      from: { path: `^(${PACKAGES})/` },
      to: { dependencyTypes: ["local"], pathNot: ["^$1/"] },
    },
    {
      name: "core-imports-a-runtime",
      comment: "@nethical/core (shared/) is pure: no Node built-ins (its tests may use Node as a reference).",
      severity: "error",
      from: { path: "^shared/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "core-imports-cloudflare",
      comment: "@nethical/core (shared/) is pure: no cloudflare: modules.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^cloudflare:" },
    },
    {
      name: "core-imports-another-package",
      comment: "@nethical/core depends on nothing of ours and only on zod, yaml, re2js and libphonenumber-js, pure JavaScript that runs in workerd, Node and browsers (tests: vitest, fast-check).",
      severity: "error",
      from: { path: "^shared/" },
      to: {
        pathNot: ["^shared/", "node_modules/(zod|yaml|re2js|libphonenumber-js)/", "node_modules/(vitest|@vitest|fast-check)/"],
        dependencyTypesNot: ["core"],
      },
    },
    {
      name: "device-ships-cloud-code",
      comment: "The edge device runs on robots and gateways: nothing from the Worker or the Durable Objects.",
      severity: "error",
      from: { path: "^edge-device/" },
      to: { path: "^(workers|durable-objects)/|node_modules/(@nethical/(workers|durable-objects)|wrangler|miniflare|@cloudflare)/" },
    },
    {
      name: "http-is-an-adapter",
      comment: "@nethical/http sits beside the core: it may use the core, never the Worker, DOs or the device.",
      severity: "error",
      from: { path: "^http/" },
      to: { path: "^(workers|durable-objects|edge-device|cli|db|dev-stack|bench)/|node_modules/@nethical/(workers|durable-objects|edge-device|cli|db|dev-stack|bench)/" },
    },
    {
      name: "client-stays-portable",
      comment: "@nethical/client (sdk/typescript/src) runs in Node, browsers and Workers: no Node built-ins, no cloudflare: modules, and only openapi-fetch and the core's pure merkle/, signing/, audit/leaf and util/ modules (no zod: it would be 95% of a browser bundle) (type-only imports of the core are free).",
      severity: "error",
      from: { path: "^sdk/typescript/src/", pathNot: "\\.test\\.ts$" },
      to: {
        dependencyTypesNot: ["type-only"],
        pathNot: ["^sdk/typescript/src/", "node_modules/openapi-fetch/", "node_modules/@nethical/core/src/(merkle|signing|util)/", "node_modules/@nethical/core/src/audit/leaf\\.ts$"],
      },
    },
    {
      name: "cloud-signs-remotely",
      comment: "The Worker and the Durable Objects run in workerd, which loads no native modules: from @nethical/hsm they may import only the remote signer (fetch and WebCrypto), never the PKCS#11 code (pkcs11js).",
      severity: "error",
      from: { path: "^(workers|durable-objects)/" },
      to: { path: "(^hsm/|node_modules/@nethical/hsm/)", pathNot: "(^hsm/|node_modules/@nethical/hsm/)src/remote/remote-signer\\.ts$" },
    },
    {
      name: "undeclared-dependency",
      comment: "Every package declares in its own package.json what it imports (vitest is the repository's test runner).",
      severity: "error",
      from: { path: `^(${PACKAGES})/` },
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"], pathNot: "node_modules/(vitest|@vitest|@cloudflare/vitest-plugin)/" },
    },
    {
      name: "no-circular",
      comment: "No import cycles between modules.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "Every import resolves (cloudflare: modules exist only inside workerd).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.wrangler|\\.dev|bench/data)/" },
    // Workspace packages are reached through their node_modules/@nethical/* links, as a user of the
    // package would reach them: so an import of a package its package.json does not list is caught.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
