/**
 * wrangler.toml and Terraform must describe the same Worker: every binding (KV, Durable Object and class,
 * migration, queue producer and consumer, rate limit, var, secret) is compared by name both ways, at the
 * top level and in every `[env.*]`, and each environment's wrangler values are compared with its tfvars
 * (script name, REGION, PEER_REGIONS, jurisdictions, key id). The secrets the code declares
 * (workers/secrets.d.ts) are the third side.
 */
import type { BindingSet } from "./binding-set.ts";
import type { DeclaredSecret } from "./declared-secrets.ts";
import type { HclFile } from "./hcl.ts";
import type { Problem } from "./references.ts";
import { wranglerBindings, type WranglerConfig } from "./wrangler-bindings.ts";

/** Everything compared; file names are only used to say where a problem is. */
export interface BindingSources {
  readonly wrangler: WranglerConfig;
  readonly wranglerFile: string;
  /** `optionalSecrets`: Terraform's optional_secret_names (bound only when set; not in wrangler's required lists). */
  readonly terraform: BindingSet & { readonly secretValueNames: readonly string[]; readonly optionalSecrets?: readonly string[] };
  readonly terraformFile: string;
  readonly declaredSecrets: readonly DeclaredSecret[];
  readonly secretsFile: string;
  /** Each environment's tfvars (its `environment` attribute names it). */
  readonly tfvars: readonly HclFile[];
}

function bothWays(
  kind: string,
  wranglerNames: Iterable<string>,
  terraformNames: Iterable<string>,
  scope: string,
  files: { wrangler: string; terraform: string },
): Problem[] {
  const w = new Set(wranglerNames);
  const t = new Set(terraformNames);
  const problems: Problem[] = [];
  for (const name of w) {
    if (!t.has(name)) problems.push({ file: files.wrangler, message: `${kind} "${name}" is in wrangler.toml ${scope} but not in Terraform (${files.terraform})` });
  }
  for (const name of t) {
    if (!w.has(name)) problems.push({ file: files.terraform, message: `${kind} "${name}" is in Terraform but not in wrangler.toml ${scope}` });
  }
  return problems;
}

function sameValues<V>(
  kind: string,
  wrangler: ReadonlyMap<string, V>,
  terraform: ReadonlyMap<string, V>,
  scope: string,
  file: string,
): Problem[] {
  const problems: Problem[] = [];
  for (const [name, value] of wrangler) {
    const other = terraform.get(name);
    if (other !== undefined && JSON.stringify(other) !== JSON.stringify(value)) {
      problems.push({ file, message: `${kind} "${name}": wrangler.toml ${scope} has ${JSON.stringify(value)}, Terraform ${JSON.stringify(other)}` });
    }
  }
  return problems;
}

function compareScope(sources: BindingSources, env: string | undefined): Problem[] {
  const scope = env === undefined ? "(top level)" : `[env.${env}]`;
  const w = wranglerBindings(sources.wrangler, env);
  const t = sources.terraform;
  const files = { wrangler: sources.wranglerFile, terraform: sources.terraformFile };
  const problems = [
    ...bothWays("KV binding", w.kv, t.kv, scope, files),
    ...bothWays("R2 bucket binding", w.r2, t.r2, scope, files),
    ...bothWays("Durable Object binding", w.durableObjects.keys(), t.durableObjects.keys(), scope, files),
    ...sameValues("Durable Object binding", w.durableObjects, t.durableObjects, scope, files.terraform),
    ...bothWays("Durable Object migration", w.migrations.map((m) => m.tag), t.migrations.map((m) => m.tag), scope, files),
    ...bothWays("queue producer", w.queueProducers.keys(), t.queueProducers.keys(), scope, files),
    ...sameValues("queue producer", w.queueProducers, t.queueProducers, scope, files.terraform),
    ...bothWays("queue consumer", w.queueConsumers.keys(), t.queueConsumers.keys(), scope, files),
    ...sameValues("queue consumer", w.queueConsumers, t.queueConsumers, scope, files.terraform),
    ...bothWays("rate limit binding", w.rateLimits, t.rateLimits, scope, files),
    ...bothWays("var", w.vars.keys(), t.vars.keys(), scope, files),
  ];
  const wTags = w.migrations.map((m) => `${m.tag}:${m.newSqliteClasses.join("+")}`).join(", ");
  const tTags = t.migrations.map((m) => `${m.tag}:${m.newSqliteClasses.join("+")}`).join(", ");
  if (wTags !== tTags) {
    problems.push({ file: files.terraform, message: `Durable Object migrations differ (order or classes): wrangler.toml ${scope} [${wTags}], Terraform [${tTags}]` });
  }
  const classes = new Set(w.migrations.flatMap((m) => m.newSqliteClasses));
  for (const [name, className] of w.durableObjects) {
    if (!classes.has(className)) problems.push({ file: files.wrangler, message: `Durable Object binding "${name}": class ${className} has no migration in ${scope}` });
  }
  if (env !== undefined) {
    if (w.secrets === undefined) {
      problems.push({ file: files.wrangler, message: `[env.${env}] lists no secrets ([env.${env}.secrets] required = […])` });
    } else {
      problems.push(...bothWays("secret", w.secrets, t.secrets ?? [], scope, files));
    }
  }
  return problems;
}

function compareEnvironmentValues(sources: BindingSources, env: string, tfvars: HclFile): Problem[] {
  const w = wranglerBindings(sources.wrangler, env);
  const section = (sources.wrangler.raw.env as Record<string, Record<string, unknown>>)[env] ?? {};
  const v = tfvars.body;
  const home = String(v.home_region);
  const regions = Object.keys((v.regions as Record<string, unknown> | undefined) ?? {});
  const expected: [string, unknown, unknown][] = [
    ["name", section.name, `nethical-edge-${env}-${home}`],
    ["ENVIRONMENT", w.vars.get("ENVIRONMENT"), env],
    ["REGION", w.vars.get("REGION"), home],
    ["PEER_REGIONS", w.vars.get("PEER_REGIONS"), regions.filter((r) => r !== home).sort().join(",")],
    ["compatibility_date", sources.wrangler.raw.compatibility_date, v.compatibility_date],
  ];
  if ("use_jurisdictions" in v) expected.push(["USE_JURISDICTIONS", w.vars.get("USE_JURISDICTIONS"), String(v.use_jurisdictions)]);
  if ("policy_signing_key_id" in v) expected.push(["POLICY_SIGNING_KEY_ID", w.vars.get("POLICY_SIGNING_KEY_ID"), v.policy_signing_key_id]);
  if ("webhook_retry_base_seconds" in v) {
    expected.push(["WEBHOOK_RETRY_BASE_SECONDS", w.vars.get("WEBHOOK_RETRY_BASE_SECONDS"), String(v.webhook_retry_base_seconds)]);
  }
  return expected
    .filter(([, actual, want]) => actual !== want)
    .map(([key, actual, want]) => ({
      file: sources.wranglerFile,
      message: `[env.${env}] ${key} is ${JSON.stringify(actual)}, but ${tfvars.path} implies ${JSON.stringify(want)}`,
    }));
}

/**
 * Every difference between wrangler.toml, Terraform and the declared secrets (empty when they agree).
 *
 * @example
 * compareBindings(sources); // [] — or [{ file: "wrangler.toml", message: "Durable Object binding \"AUDIT_LOGS\" is in wrangler.toml [env.production] but not in Terraform (terraform/bindings.tf)" }, …]
 */
export function compareBindings(sources: BindingSources): Problem[] {
  const t = sources.terraform;
  const problems: Problem[] = [compareScope(sources, undefined), ...sources.wrangler.environments.map((e) => compareScope(sources, e))].flat();

  const deployed = new Set(sources.declaredSecrets.filter((s) => !s.developmentOnly).map((s) => s.name));
  // Required and optional secret names: each declared secret is one or the other in Terraform, never both.
  const optional = t.optionalSecrets ?? [];
  const named = [...(t.secrets ?? []), ...optional];
  for (const name of optional) {
    if ((t.secrets ?? []).includes(name)) problems.push({ file: sources.terraformFile, message: `secret "${name}" is in both secret_names and optional_secret_names` });
  }
  for (const name of deployed) {
    if (!named.includes(name)) problems.push({ file: sources.secretsFile, message: `secret "${name}" is declared in ${sources.secretsFile} but not in Terraform (${sources.terraformFile})` });
  }
  for (const name of named) {
    if (!deployed.has(name)) problems.push({ file: sources.terraformFile, message: `secret "${name}" is in Terraform but not declared in ${sources.secretsFile}` });
  }
  for (const name of named) {
    if (!t.secretValueNames.includes(name)) problems.push({ file: sources.terraformFile, message: `secret "${name}" is in secret_names but has no value in secret_values` });
  }
  for (const name of t.secretValueNames) {
    if (!named.includes(name)) problems.push({ file: sources.terraformFile, message: `secret "${name}" has a value in secret_values but is not in secret_names` });
  }

  const byEnvironment = new Map(sources.tfvars.map((f) => [String(f.body.environment), f]));
  for (const env of sources.wrangler.environments) {
    const tfvars = byEnvironment.get(env);
    if (!tfvars) problems.push({ file: sources.wranglerFile, message: `[env.${env}] has no Terraform environment (environments/${env}/terraform.tfvars)` });
    else problems.push(...compareEnvironmentValues(sources, env, tfvars));
  }
  for (const env of byEnvironment.keys()) {
    if (!sources.wrangler.environments.includes(env)) {
      problems.push({ file: byEnvironment.get(env)?.path ?? env, message: `Terraform environment "${env}" has no [env.${env}] in wrangler.toml` });
    }
  }
  return problems;
}
