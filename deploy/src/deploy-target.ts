/**
 * What `wrangler deploy --env <name>` would deploy, read from wrangler.toml: the script name, the
 * ENVIRONMENT var, the secrets the section declares required (`[env.<name>.secrets] required`, which
 * wrangler itself also enforces), and the KV namespace ids — with what is wrong with the section for a
 * real deploy (a placeholder id, an ENVIRONMENT that is not the section's name, secrets the Worker
 * requires but the section does not list).
 */
import { parse } from "smol-toml";
import { REQUIRED_SECRETS, requiredSecretsFor } from "@nethical/workers/config/production-config";

type Table = Record<string, unknown>;

/** The section's deploy-relevant settings and its problems. */
export interface DeployTarget {
  readonly env: string;
  readonly scriptName: string;
  /** ENVIRONMENT in `[env.<name>.vars]` ("" when unset). */
  readonly environmentVar: string;
  /** The secrets that must be set: the section's `secrets.required` plus the Worker's REQUIRED_SECRETS. */
  readonly requiredSecrets: readonly string[];
  readonly kvNamespaces: readonly { binding: string; id: string }[];
  /** Why this section cannot be deployed as it is (empty when it can). */
  readonly problems: readonly string[];
}

/** A KV id Terraform has not filled in yet (wrangler.toml's all-zero placeholder). */
const PLACEHOLDER_ID = /^0+$/;

function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

/**
 * The names of wrangler.toml's `[env.*]` sections.
 *
 * @example
 * environmentsIn(readFileSync("wrangler.toml", "utf8")); // ["staging", "production"]
 */
export function environmentsIn(wranglerToml: string): string[] {
  return Object.keys(table(parse(wranglerToml).env));
}

/**
 * Read the deploy target `env` from wrangler.toml text.
 *
 * @example
 * const target = readDeployTarget(readFileSync("wrangler.toml", "utf8"), "production");
 * target.problems; // ["POLICY_KV has the placeholder id 000…0: fill it from `terraform output -raw policy_kv_namespace_id`"]
 */
export function readDeployTarget(wranglerToml: string, env: string): DeployTarget {
  const raw = parse(wranglerToml) as Table;
  const sections = table(raw.env);
  if (!(env in sections)) {
    return { env, scriptName: "", environmentVar: "", requiredSecrets: [...REQUIRED_SECRETS], kvNamespaces: [], problems: [`wrangler.toml has no [env.${env}] section`] };
  }
  const section = table(sections[env]);
  const problems: string[] = [];
  const scriptName = typeof section.name === "string" ? section.name : typeof raw.name === "string" ? `${raw.name}-${env}` : "";
  const environmentVar = String(table(section.vars).ENVIRONMENT ?? "");
  if (environmentVar !== env) problems.push(`[env.${env}.vars] ENVIRONMENT is ${JSON.stringify(environmentVar)}, expected ${JSON.stringify(env)}`);
  const declared = Array.isArray(table(section.secrets).required) ? (table(section.secrets).required as unknown[]).map(String) : [];
  const signerUrl = table(section.vars).AUDIT_SIGNER_URL;
  const workerRequires = requiredSecretsFor(typeof signerUrl === "string" ? { AUDIT_SIGNER_URL: signerUrl } : {});
  const undeclared = workerRequires.filter((name) => !declared.includes(name));
  if (undeclared.length > 0) problems.push(`[env.${env}.secrets] required does not list ${undeclared.join(", ")} (the Worker refuses to serve without them)`);
  const kvNamespaces = (Array.isArray(section.kv_namespaces) ? (section.kv_namespaces as unknown[]) : []).map((kv) => ({ binding: String(table(kv).binding ?? ""), id: String(table(kv).id ?? "") }));
  for (const kv of kvNamespaces) {
    if (PLACEHOLDER_ID.test(kv.id)) problems.push(`${kv.binding} has the placeholder id ${kv.id.slice(0, 3)}…0: fill it from \`terraform output -raw policy_kv_namespace_id\``);
  }
  return { env, scriptName, environmentVar, requiredSecrets: [...new Set([...declared, ...workerRequires])], kvNamespaces, problems };
}
