/**
 * What a deployed environment requires. `ENVIRONMENT = "development"` (wrangler.toml's top level, `npm start`,
 * the tests) keeps the development fallbacks: a derived or generated policy signing key, a per-AuditLog
 * generated audit key, the AuditLog alone without Postgres. Every other value — "staging", "production",
 * and also a missing or misspelt ENVIRONMENT (fail closed) — is a deployed environment: the secrets below
 * must be present and well-formed, or the Worker refuses tenant routes (require-config.ts) and the
 * Durable Objects refuse to sign. `npm run deploy` (deploy/) checks the same list before deploying.
 *
 * Pure: no Cloudflare or Node modules, so the deploy preflight imports it too. Reports names only, never values.
 */
import { parseApiKey } from "../auth/api-key.ts";

/** The one environment that may fall back to development keys and storage. */
export const DEVELOPMENT = "development";

/** The deployed environments wrangler.toml defines (`[env.<name>]`) and `npm run deploy` accepts. */
export const DEPLOYED_ENVIRONMENTS = ["staging", "production"] as const;
export type DeployedEnvironment = (typeof DEPLOYED_ENVIRONMENTS)[number];

/** The secrets a deployed environment reads (all optional in `Env`). */
export interface ConfigEnv {
  readonly ENVIRONMENT?: string;
  readonly POLICY_SIGNING_KEY?: string;
  readonly AUDIT_SIGNING_KEY?: string;
  readonly DATABASE_URL?: string;
  readonly DATABASE_URL_EU?: string;
  readonly BOOTSTRAP_ADMIN_KEY?: string;
}

type SecretName = keyof Omit<ConfigEnv, "ENVIRONMENT">;

/** Instead of AUDIT_SIGNING_KEY: tree heads signed by a remote signer (a KMS over HTTP; durable-objects/src/audit-log/signing-key.ts). */
export interface RemoteSignerConfigEnv {
  readonly AUDIT_SIGNER_URL?: string;
  readonly AUDIT_SIGNER_KEY_ID?: string;
}

/** A secret's rule: required or optional in a deployed environment, and when a present value is usable. */
interface SecretRule {
  readonly required: boolean;
  /** Why a present value is unusable (for the operator; never quotes the value), or null when usable. */
  readonly check: (value: string) => string | null;
}

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

/** An Ed25519 private JWK as JSON: `{"kty":"OKP","crv":"Ed25519","x":…,"d":…}` (x and d 32 bytes, base64url). */
function ed25519PrivateJwk(value: string): string | null {
  let jwk: unknown;
  try {
    jwk = JSON.parse(value);
  } catch {
    return "not JSON: expected an Ed25519 private JWK";
  }
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) return "not a JSON object: expected an Ed25519 private JWK";
  const { kty, crv, x, d } = jwk as Record<string, unknown>;
  if (kty !== "OKP" || crv !== "Ed25519") return 'not an Ed25519 key: expected kty "OKP" and crv "Ed25519"';
  if (typeof x !== "string" || !BASE64URL_32_BYTES.test(x)) return "x is not a 32-byte base64url public key";
  if (d === undefined) return "a public key only: the private part d is missing";
  if (typeof d !== "string" || !BASE64URL_32_BYTES.test(d)) return "d is not a 32-byte base64url private key";
  return null;
}

/** A Postgres connection URL with a host and a database. */
function postgresUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "not a URL: expected postgresql://user:password@host/database";
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") return "not a postgres:// or postgresql:// URL";
  if (url.hostname === "") return "no host";
  if (url.username === "") return "no user";
  if (url.pathname.replace(/^\//, "") === "") return "no database name";
  return null;
}

/** The bootstrap key authenticate.ts honours: at least 24 characters, no whitespace, not a tenant key. */
function bootstrapKey(value: string): string | null {
  if (value.length < 24) return "shorter than 24 characters (bootstrap would be silently disabled)";
  if (/\s/.test(value)) return "contains whitespace (a bearer token cannot carry it)";
  if (parseApiKey(value) !== null) return "has the tenant key format nk_…";
  return null;
}

/**
 * The rules, one per secret. Required: both signing keys (never derived or generated outside development)
 * and the audit database. BOOTSTRAP_ADMIN_KEY is optional (an operator may remove it once tenants exist:
 * no tenant route needs it) but, when set, must be usable. DATABASE_URL_EU (residency "eu" tenants' audit
 * store) is checked when set; whether an EU tenant may be served without it is the residency routing's call.
 */
export const SECRET_RULES: Readonly<Record<SecretName, SecretRule>> = {
  POLICY_SIGNING_KEY: { required: true, check: ed25519PrivateJwk },
  AUDIT_SIGNING_KEY: { required: true, check: ed25519PrivateJwk },
  DATABASE_URL: { required: true, check: postgresUrl },
  DATABASE_URL_EU: { required: false, check: postgresUrl },
  BOOTSTRAP_ADMIN_KEY: { required: false, check: bootstrapKey },
};

/**
 * The secrets a deployed environment cannot run without.
 *
 * @example
 * REQUIRED_SECRETS; // ["POLICY_SIGNING_KEY", "AUDIT_SIGNING_KEY", "DATABASE_URL"]
 */
export const REQUIRED_SECRETS: readonly SecretName[] = (Object.keys(SECRET_RULES) as SecretName[]).filter((name) => SECRET_RULES[name].required);

/**
 * The secrets a deployed environment cannot run without, given its plain variables: with `AUDIT_SIGNER_URL`
 * (tree heads signed by a KMS) AUDIT_SIGNING_KEY is not one of them (and must not be set).
 *
 * @example
 * requiredSecretsFor({ AUDIT_SIGNER_URL: "https://kms-adapter.internal/v1" }); // ["POLICY_SIGNING_KEY", "DATABASE_URL"]
 */
export function requiredSecretsFor(vars: RemoteSignerConfigEnv): readonly SecretName[] {
  const remote = vars.AUDIT_SIGNER_URL !== undefined && vars.AUDIT_SIGNER_URL.trim() !== "";
  return remote ? REQUIRED_SECRETS.filter((name) => name !== "AUDIT_SIGNING_KEY") : REQUIRED_SECRETS;
}

/** One unusable secret: its name and why (the value is never included). */
export interface MalformedSecret {
  readonly name: string;
  readonly reason: string;
}

/** The verdict on an environment's configuration. */
export interface ConfigReport {
  /** ENVIRONMENT as set ("" when unset). */
  readonly environment: string;
  /** Whether the deployed-environment rules apply (everything but "development"). */
  readonly enforced: boolean;
  /** Required secrets that are unset or empty, in {@link SECRET_RULES} order. */
  readonly missing: readonly string[];
  /** Set secrets whose value is unusable. */
  readonly malformed: readonly MalformedSecret[];
  /** True when the Worker may serve tenant routes. */
  readonly ready: boolean;
}

/**
 * Whether `environment` is the development environment (the only one with fallbacks).
 *
 * @example
 * isDevelopment("development"); // true
 * isDevelopment(undefined);     // false: unset fails closed
 */
export function isDevelopment(environment: string | undefined): boolean {
  return environment === DEVELOPMENT;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/**
 * With AUDIT_SIGNER_URL set, the remote signer replaces AUDIT_SIGNING_KEY (which must then be unset: which
 * key signs is never a guess), needs AUDIT_SIGNER_KEY_ID, and its URL must be https.
 */
function checkRemoteSigner(env: RemoteSignerConfigEnv & { AUDIT_SIGNING_KEY?: string }, missing: string[], malformed: MalformedSecret[]): void {
  if (!present(env.AUDIT_SIGNER_URL)) return;
  const at = missing.indexOf("AUDIT_SIGNING_KEY");
  if (at >= 0) missing.splice(at, 1);
  if (present(env.AUDIT_SIGNING_KEY)) malformed.push({ name: "AUDIT_SIGNING_KEY", reason: "set together with AUDIT_SIGNER_URL: choose one tree-head signer" });
  if (!present(env.AUDIT_SIGNER_KEY_ID)) missing.push("AUDIT_SIGNER_KEY_ID");
  let url: URL | null = null;
  try {
    url = new URL(env.AUDIT_SIGNER_URL.trim());
  } catch {
    url = null;
  }
  if (url === null || url.protocol !== "https:") malformed.push({ name: "AUDIT_SIGNER_URL", reason: "not an https:// URL" });
}

/**
 * Check `env` against what its environment requires. Development is always ready (its fallbacks apply);
 * any other environment needs every required secret, and every set secret must be well-formed.
 *
 * @example
 * checkConfig({ ENVIRONMENT: "production", POLICY_SIGNING_KEY: jwk, AUDIT_SIGNING_KEY: jwk });
 * // { environment: "production", enforced: true, missing: ["DATABASE_URL"], malformed: [], ready: false }
 */
export function checkConfig(env: ConfigEnv & RemoteSignerConfigEnv): ConfigReport {
  const environment = env.ENVIRONMENT ?? "";
  if (isDevelopment(environment)) return { environment, enforced: false, missing: [], malformed: [], ready: true };
  const missing: string[] = [];
  const malformed: MalformedSecret[] = [];
  for (const name of Object.keys(SECRET_RULES) as SecretName[]) {
    const rule = SECRET_RULES[name];
    const value = env[name];
    if (value === undefined || value.trim() === "") {
      if (rule.required) missing.push(name);
      continue;
    }
    const reason = rule.check(value);
    if (reason !== null) malformed.push({ name, reason });
  }
  checkRemoteSigner(env, missing, malformed);
  return { environment, enforced: true, missing, malformed, ready: missing.length === 0 && malformed.length === 0 };
}
