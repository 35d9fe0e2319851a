// Secrets are not in wrangler.toml, so `wrangler types` cannot see them: declared here, merged into the
// generated Env. BOOTSTRAP_ADMIN_KEY may be unset (bootstrap disabled).
declare namespace Cloudflare {
  interface Env {
    BOOTSTRAP_ADMIN_KEY?: string;
    /** Ed25519 private JWK (JSON) that signs policy bundles; unset → dev key kept in KV. */
    POLICY_SIGNING_KEY?: string;
    /** Rotated policy signing keys: JSON {key_id: Ed25519 private JWK} (docs/keys.md, rotation). */
    POLICY_SIGNING_KEYS?: string;
    /** Ed25519 private JWK (JSON) that signs audit tree heads; unset → a dev key per AuditLog. */
    AUDIT_SIGNING_KEY?: string;
    /** Instead of AUDIT_SIGNING_KEY: tree heads signed by a KMS over HTTP (docs/keys.md); its key id and pinned public JWK. */
    AUDIT_SIGNER_URL?: string;
    AUDIT_SIGNER_KEY_ID?: string;
    AUDIT_SIGNER_PUBLIC_KEY?: string;
    /** Bearer token of the tree-head signing service (a secret). */
    AUDIT_SIGNER_TOKEN?: string;
    /** Ed25519 private JWK (JSON) of the tree-head witness (durable-objects/src/witness/), not the tree-head key; unset → a dev key per Witness. */
    WITNESS_SIGNING_KEY?: string;
    /** Public tree-head keys of earlier (and revoked) keys, with windows: a JSON array (GET /v2/audit/keys). */
    AUDIT_PUBLIC_KEYS?: string;
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
  POLICY_SIGNING_KEYS?: string;
  AUDIT_SIGNING_KEY?: string;
  AUDIT_SIGNER_URL?: string;
  AUDIT_SIGNER_KEY_ID?: string;
  AUDIT_SIGNER_PUBLIC_KEY?: string;
  AUDIT_SIGNER_TOKEN?: string;
  AUDIT_PUBLIC_KEYS?: string;
  WITNESS_SIGNING_KEY?: string;
  DATABASE_URL?: string;
  DATABASE_URL_EU?: string;
  NEON_WS_PROXY_PORT?: string;
}
