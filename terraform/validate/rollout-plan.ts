/**
 * The regional rollout an environment's Terraform variables describe, computed without credentials:
 * stages, each region's share on the new version at every stage (the rule of terraform/rollout.tf), the
 * SLO gate before each next stage, and where EU tenants' data goes. `npm run deploy:plan` prints it.
 */
import { blocksOf, type HclTree } from "./hcl.ts";

/** An SLO gate: what must hold on a stage's regions, for how long, before the next stage. */
export interface SloGate {
  readonly max_error_rate: number;
  readonly max_p99_ms: number;
  readonly min_soak_minutes: number;
}

/** One stage of the plan, with every region's share if the rollout stood at it. */
export interface PlannedStage {
  readonly index: number;
  readonly name: string;
  readonly regions: readonly string[];
  readonly percentage: number;
  readonly sloGate: SloGate;
  readonly status: "done" | "current" | "pending";
  /** Region → share of its traffic on the new version while this stage is current (100 at a region's first deployment). */
  readonly shares: Readonly<Record<string, number>>;
}

/** Where a class of tenants' data lives. */
export interface Residency {
  readonly durableObjects: string;
  readonly database: { readonly secret: string; readonly neonProject: string; readonly neonRegion: string };
}

/** An environment's rollout plan. */
export interface RolloutPlan {
  readonly environment: string;
  readonly homeRegion: string;
  readonly regions: readonly { name: string; script: string; hostnames: readonly string[]; routePatterns: readonly string[]; stableVersion: string | null }[];
  readonly currentStage: number;
  readonly stages: readonly PlannedStage[];
  readonly residency: { readonly eu: Residency; readonly other: Residency };
  /** Inconsistencies Terraform's checks would also report (unknown regions, home region not first…). */
  readonly problems: readonly string[];
}

type Vars = Record<string, unknown>;

/**
 * The root module's variable defaults (a tfvars file overrides them), read from variables.tf.
 *
 * @example
 * rootDefaults(tree).neon_eu_region_id; // "aws-eu-central-1"
 */
export function rootDefaults(tree: HclTree): Vars {
  const root = tree.modules.get("");
  if (!root) throw new Error("terraform: no root module");
  return Object.fromEntries(blocksOf(root, "variable").filter((v) => "default" in v.body).map((v) => [v.labels[0], v.body.default]));
}

/**
 * A region's share at `stage`: the percentage of the latest stage up to `stage` that names it, else 0
 * (terraform/rollout.tf, local.region_percentage).
 *
 * @example
 * regionShare([{ regions: ["us"], percentage: 5 }, { regions: ["us"], percentage: 100 }], 1, "us"); // 100
 */
export function regionShare(stages: readonly { regions: readonly string[]; percentage: number }[], stage: number, region: string): number {
  let share = 0;
  for (const [i, s] of stages.entries()) if (i <= stage && s.regions.includes(region)) share = s.percentage;
  return share;
}

/**
 * A region reached for the first time (no stable version) takes the new version at 100%: there is nothing
 * to split with (terraform/rollout.tf, local.region_percentage).
 *
 * @example
 * effectiveShare(5, undefined); // 100
 * effectiveShare(5, "version-id"); // 5
 */
export function effectiveShare(stageShare: number, stableVersion: string | undefined): number {
  return stageShare > 0 && !stableVersion ? 100 : stageShare;
}

/**
 * Computes the plan from one environment's variables (defaults merged with its tfvars).
 *
 * @example
 * const plan = rolloutPlan({ ...rootDefaults(tree), ...tfvars.body });
 * plan.stages.map((s) => s.shares); // [{ "us-east": 5, "eu-west": 0 }, …]
 */
export function rolloutPlan(vars: Vars): RolloutPlan {
  const environment = String(vars.environment);
  const regionsVar = (vars.regions ?? {}) as Record<string, { hostnames?: string[]; route_patterns?: string[] }>;
  const names = Object.keys(regionsVar).sort();
  const stagesVar = (vars.rollout_stages ?? []) as { name: string; regions: string[]; percentage: number; slo_gate: SloGate }[];
  const current = Number(vars.current_stage ?? 0);
  const home = String(vars.home_region);
  const stable = (vars.stable_version_ids ?? {}) as Record<string, string>;
  const problems: string[] = [];
  for (const s of stagesVar) {
    for (const r of s.regions) if (!names.includes(r)) problems.push(`stage "${s.name}" names region "${r}", which is not in regions`);
  }
  if (!names.includes(home)) problems.push(`home_region "${home}" is not in regions`);
  else if (!stagesVar[0]?.regions.includes(home)) problems.push(`home_region "${home}" is not in the first stage`);
  if (current >= stagesVar.length) problems.push(`current_stage ${current} is past the last stage`);

  const euDb = vars.use_jurisdictions === false ? "default namespaces (use_jurisdictions = false: NOT residency-safe)" : 'the "eu" jurisdiction (USE_JURISDICTIONS = "true")';
  return {
    environment,
    homeRegion: home,
    regions: names.map((name) => ({
      name,
      script: `nethical-edge-${environment}-${name}`,
      hostnames: regionsVar[name]?.hostnames ?? [],
      routePatterns: regionsVar[name]?.route_patterns ?? [],
      stableVersion: stable[name] ?? null,
    })),
    currentStage: current,
    stages: stagesVar.map((s, index) => ({
      index,
      name: s.name,
      regions: s.regions,
      percentage: s.percentage,
      sloGate: s.slo_gate,
      status: index < current ? "done" : index === current ? "current" : "pending",
      shares: Object.fromEntries(names.map((r) => [r, effectiveShare(regionShare(stagesVar, index, r), stable[r])])),
    })),
    residency: {
      eu: {
        durableObjects: `AgentState, PolicyStore, AuditLog of EU tenants in ${euDb}`,
        database: { secret: "DATABASE_URL_EU", neonProject: `nethical-${environment}-eu`, neonRegion: String(vars.neon_eu_region_id) },
      },
      other: {
        durableObjects: "default (unrestricted) Durable Object namespaces",
        database: { secret: "DATABASE_URL", neonProject: `nethical-${environment}`, neonRegion: String(vars.neon_region_id) },
      },
    },
    problems,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/**
 * The plan as text for a terminal.
 *
 * @example
 * console.log(formatPlan(plan));
 */
export function formatPlan(plan: RolloutPlan): string {
  const lines = [`Rollout plan: ${plan.environment} (home region ${plan.homeRegion}; current stage ${plan.currentStage})`, ""];
  lines.push("Regions:");
  for (const r of plan.regions) {
    const where = [...r.hostnames, ...r.routePatterns].join(", ") || "(no hostname or route)";
    lines.push(`  ${pad(r.name, 14)} ${pad(r.script, 40)} ${where}; stable version: ${r.stableVersion ?? "none (its first deployment takes the new version at 100%)"}`);
  }
  lines.push("", "Stages (share of each region's traffic on the new version while the stage is current):");
  const regionNames = plan.regions.map((r) => r.name);
  lines.push(`  ${pad("#", 3)}${pad("stage", 10)}${pad("status", 9)}${regionNames.map((r) => pad(r, 14)).join("")}SLO gate before the next stage`);
  for (const s of plan.stages) {
    const gate = `error rate <= ${(s.sloGate.max_error_rate * 100).toFixed(2)}%, p99 <= ${s.sloGate.max_p99_ms} ms, for ${s.sloGate.min_soak_minutes} min`;
    lines.push(`  ${pad(String(s.index), 3)}${pad(s.name, 10)}${pad(s.status, 9)}${regionNames.map((r) => pad(`${s.shares[r] ?? 0}%`, 14)).join("")}${gate}`);
  }
  lines.push("", "Data residency:");
  const { eu, other } = plan.residency;
  lines.push(`  EU tenants:     ${eu.durableObjects}; audit rows via ${eu.database.secret} → Neon ${eu.database.neonProject} (${eu.database.neonRegion})`);
  lines.push(`  other tenants:  ${other.durableObjects}; audit rows via ${other.database.secret} → Neon ${other.database.neonProject} (${other.database.neonRegion})`);
  if (plan.problems.length > 0) lines.push("", "Problems:", ...plan.problems.map((p) => `  - ${p}`));
  return lines.join("\n");
}
