import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { suiteResultsService } from "@nethical/dev-stack/suite-results";
import { kmsDoubleService } from "@nethical/hsm/testing/kms-double-service";
import { auditVerifyProcessService } from "@nethical/cli/audit-verify-process-service";

/**
 * Two projects: `core` runs pure TypeScript and Node tests in Node; `workers` runs the Worker and the
 * Durable Objects inside workerd through @cloudflare/vitest-plugin, with wrangler.toml's bindings.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          environment: "node",
          include: ["shared/**/*.test.ts", "http/**/*.test.ts", "cli/**/*.test.ts", "bench/**/*.test.ts", "dev-stack/**/*.test.ts", "db/**/*.test.ts", "hsm/**/*.test.ts", "edge-device/**/*.test.ts", "security/**/*.test.ts", "sdk/**/*.test.ts", "terraform/**/*.test.ts", "deploy/**/*.test.ts", "console/**/*.test.ts", "verification/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Test-only platform bootstrap key (production: `wrangler secret put BOOTSTRAP_ADMIN_KEY`).
            miniflare: {
              bindings: {
                BOOTSTRAP_ADMIN_KEY: "test-bootstrap-admin-key-0123456789abcdef",
                // Test-only: the fuzz and chaos suites' budget and seed (workers/src/suites/suite-env.ts).
                // `npm run suite:fuzz` / `suite:chaos` set NETHICAL_SUITE=full; `npm test` runs the "ci" share.
                SUITE_BUDGET: process.env.NETHICAL_SUITE === "full" ? "full" : "ci",
                SUITE_SEED: process.env.NETHICAL_SUITE_SEED ?? "",
                // Test-only: the decision budget never goes below the Worker's former Durable Object deadline, so
                // ordinary tests on a loaded machine are not answered by the fail-safe on a slow cold path
                // (workers/src/slo/decision-budget.ts). The SLO fault test runs with the profile's own budget.
                DECISION_BUDGET_FLOOR_MS: "3000",
              },
              // Test-only: Node writes the suites' figures to bench/results/<suite>.json (workerd cannot).
              // Test-only: AUDIT_VERIFY runs the real `nethical audit verify` process on archive objects a test downloaded from R2.
              // Test-only: KMS_DOUBLE starts KMS test doubles (real HTTP servers) in Node for the remote tree-head signer tests.
              serviceBindings: { SUITE_RESULTS: suiteResultsService, KMS_DOUBLE: kmsDoubleService, AUDIT_VERIFY: auditVerifyProcessService },
              // Lower abuse limits than wrangler.toml's, so workers/src/hardening/request-limits.test.ts can
              // reach them; still far above what any other test sends per key, tenant or address.
              ratelimits: {
                KEY_LIMITER: { namespace_id: "7301", simple: { limit: 300, period: 60 } },
                TENANT_LIMITER: { namespace_id: "7302", simple: { limit: 400, period: 60 } },
                AUTH_FAILURE_LIMITER: { namespace_id: "7303", simple: { limit: 100, period: 60 } },
              },
            },
          }),
        ],
        test: {
          name: "workers",
          // A hang guard, not a time budget (no test asserts wall-clock time): a Durable Object's first start,
          // policy compile and SQLite set-up take over vitest's default 5 s on a loaded 2-core CI machine.
          testTimeout: 30_000,
          include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts"],
        },
      },
    ],
  },
});
