// Secrets are not in wrangler.toml, so `wrangler types` cannot see them: declared here, merged into the
// generated Env. BOOTSTRAP_ADMIN_KEY may be unset (bootstrap disabled).
declare namespace Cloudflare {
  interface Env {
    BOOTSTRAP_ADMIN_KEY?: string;
  }
}
interface Env {
  BOOTSTRAP_ADMIN_KEY?: string;
}
