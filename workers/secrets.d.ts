// Secrets are not in wrangler.toml, so `wrangler types` cannot see them: declared here, merged into the
// generated Env. BOOTSTRAP_ADMIN_KEY may be unset (bootstrap disabled).
declare namespace Cloudflare {
  interface Env {
    BOOTSTRAP_ADMIN_KEY?: string;
    /** Ed25519 private JWK (JSON) that signs policy bundles; unset → dev key kept in KV. */
    POLICY_SIGNING_KEY?: string;
    /** Ed25519 private JWK (JSON) that signs audit tree heads; unset → a dev key per AuditLog. */
    AUDIT_SIGNING_KEY?: string;
    /** Neon Postgres URL of the audit store (a nethical_writer member); unset → AuditLog only. */
    DATABASE_URL?: string;
    /** Neon Postgres URL of the EU audit store: residency "eu" tenants' rows (terraform/: module.neon_eu). */
    DATABASE_URL_EU?: string;
    /** Local development only: port of the WebSocket→TCP proxy to local PostgreSQL. */
    NEON_WS_PROXY_PORT?: string;
  }
}
interface Env {
  BOOTSTRAP_ADMIN_KEY?: string;
  POLICY_SIGNING_KEY?: string;
  AUDIT_SIGNING_KEY?: string;
  DATABASE_URL?: string;
  DATABASE_URL_EU?: string;
  NEON_WS_PROXY_PORT?: string;
}
