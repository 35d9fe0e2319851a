import { execFile } from "node:child_process";
import { checkoutRoot } from "./project.ts";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadTerraformTree } from "./hcl.ts";
import { formatPlan, rolloutPlan, rootDefaults, type RolloutPlan } from "./rollout-plan.ts";

const repo = checkoutRoot();
const gate = { max_error_rate: 0.001, max_p99_ms: 50, min_soak_minutes: 60 };
const vars = {
  environment: "production",
  home_region: "us-east",
  regions: { "us-east": { hostnames: ["us.example"] }, "eu-west": { hostnames: ["eu.example"] }, "ap-south": { route_patterns: ["api.example/ap/*"] } },
  rollout_stages: [
    { name: "canary", regions: ["us-east"], percentage: 5, slo_gate: gate },
    { name: "home", regions: ["us-east"], percentage: 100, slo_gate: gate },
    { name: "eu", regions: ["eu-west"], percentage: 25, slo_gate: gate },
    { name: "global", regions: ["us-east", "eu-west", "ap-south"], percentage: 100, slo_gate: gate },
  ],
  current_stage: 2,
  stable_version_ids: { "us-east": "v-us-1", "eu-west": "v-eu-1" },
  use_jurisdictions: true,
  neon_region_id: "aws-us-east-2",
  neon_eu_region_id: "aws-eu-central-1",
};

describe("the rollout plan from Terraform variables", () => {
  it("gives each region the share of the latest stage that named it, 0 before any did", () => {
    const plan = rolloutPlan(vars);
    expect(plan.stages.map((s) => s.status)).toEqual(["done", "done", "current", "pending"]);
    expect(plan.stages.map((s) => s.shares)).toEqual([
      { "ap-south": 0, "eu-west": 0, "us-east": 5 },
      { "ap-south": 0, "eu-west": 0, "us-east": 100 },
      { "ap-south": 0, "eu-west": 25, "us-east": 100 },
      // ap-south has no stable version: its first deployment takes the new version whole.
      { "ap-south": 100, "eu-west": 100, "us-east": 100 },
    ]);
    expect(plan.problems).toEqual([]);
  });

  it("sends EU tenants to the eu jurisdiction and the EU database, and says so", () => {
    const plan = rolloutPlan(vars);
    expect(plan.residency.eu.database).toEqual({ secret: "DATABASE_URL_EU", neonProject: "nethical-production-eu", neonRegion: "aws-eu-central-1" });
    expect(plan.residency.eu.durableObjects).toContain('"eu" jurisdiction');
    expect(rolloutPlan({ ...vars, use_jurisdictions: false }).residency.eu.durableObjects).toContain("NOT residency-safe");
    const text = formatPlan(plan);
    expect(text).toContain("DATABASE_URL_EU → Neon nethical-production-eu (aws-eu-central-1)");
    expect(text).toMatch(/^ +2 +eu +current +0% +25% +100% +error rate <= 0.10%, p99 <= 50 ms, for 60 min$/m);
  });

  it("reports stages naming unknown regions, a home region outside the first stage, a stage index past the end", () => {
    const plan: RolloutPlan = rolloutPlan({
      ...vars,
      home_region: "eu-west",
      current_stage: 9,
      rollout_stages: [...vars.rollout_stages, { name: "mars", regions: ["mars-1"], percentage: 1, slo_gate: gate }],
    });
    expect(plan.problems).toEqual([
      'stage "mars" names region "mars-1", which is not in regions',
      'home_region "eu-west" is not in the first stage',
      "current_stage 9 is past the last stage",
    ]);
  });

  it("npm run deploy:plan prints every environment's plan from terraform/ with no credentials in the environment", async () => {
    const tree = await loadTerraformTree(`${repo}/terraform`);
    const defaults = rootDefaults(tree);
    const expected = tree.tfvars.map((f) => rolloutPlan({ ...defaults, ...f.body }));
    expect(expected.map((p) => p.environment).sort()).toEqual(["production", "staging"]);
    expect(expected.flatMap((p) => p.problems)).toEqual([]);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/TOKEN|KEY|SECRET|PASSWORD|CLOUDFLARE|NEON|AWS/i.test(k)));
    const { stdout } = await promisify(execFile)(process.execPath, ["terraform/validate/plan-cli.ts"], { cwd: repo, env });
    expect(stdout).toBe(`${expected.map(formatPlan).join("\n\n")}\n`);
    expect(stdout).toContain("Rollout plan: production");
    expect(stdout).toContain("DATABASE_URL_EU → Neon nethical-production-eu");
  });
});
