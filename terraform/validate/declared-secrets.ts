/**
 * The Worker's secrets as the code declares them: the properties of `Cloudflare.Env` in
 * workers/secrets.d.ts (secrets are not in wrangler.toml, so `wrangler types` cannot see them). A property
 * whose doc comment starts "Local development only" is a development knob, not a deployed secret.
 */

/** One declared secret. */
export interface DeclaredSecret {
  readonly name: string;
  /** True when its doc comment marks it "Local development only". */
  readonly developmentOnly: boolean;
}

/**
 * The secrets declared in a secrets.d.ts text (its `declare namespace Cloudflare { interface Env { … } }`).
 *
 * @example
 * declaredSecrets(readFileSync("workers/secrets.d.ts", "utf8")).filter((s) => !s.developmentOnly).map((s) => s.name);
 * // ["BOOTSTRAP_ADMIN_KEY", "POLICY_SIGNING_KEY", …]
 */
export function declaredSecrets(text: string): DeclaredSecret[] {
  const namespace = /declare\s+namespace\s+Cloudflare\s*\{\s*interface\s+Env\s*\{([\s\S]*?)\n\s*\}\s*\n\s*\}/.exec(text);
  if (!namespace?.[1]) throw new Error("no `declare namespace Cloudflare { interface Env { … } }` in secrets.d.ts");
  const out: DeclaredSecret[] = [];
  for (const match of namespace[1].matchAll(/(?:\/\*\*([\s\S]*?)\*\/\s*)?\b([A-Z][A-Z0-9_]*)\??\s*:\s*string\s*;/g)) {
    out.push({ name: match[2] as string, developmentOnly: /^\s*\**\s*Local development only/i.test(match[1] ?? "") });
  }
  return out;
}
