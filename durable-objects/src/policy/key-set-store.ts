/**
 * Where the platform's policy key set lives: Workers KV, platform-wide (not tenant data — one key set signs
 * every tenant's bundles and controls, as one key did before). Every version is kept, immutable, so a device
 * that was offline through several rotations gets each signed step in order:
 *
 *   platform:policy-keyset:<chain>:v:<version>  the signed key set (JSON)
 *   platform:policy-keyset:<chain>:current      the newest version number
 *
 * `<chain>` is `<ENVIRONMENT>:<POLICY_SIGNING_KEY_ID>` — the deployment and the key the chain was rooted at — so
 * a development chain is never read by a production Worker sharing a namespace by mistake.
 *
 * Consistency: KV is eventually consistent across locations (a read may lag a write by up to about a minute),
 * and has no compare-and-set. Rotations are rare admin acts a minute apart; appendKeySet refuses a version
 * that already exists, which catches all but truly simultaneous admin writes (documented in docs/keys.md).
 */
import { SignedKeySetSchema, type SignedKeySet } from "@nethical/core";

const PREFIX = "platform:policy-keyset:";

/** The chain name for a configuration. */
export function keySetChain(env: { readonly ENVIRONMENT?: string; readonly POLICY_SIGNING_KEY_ID?: string }): string {
  return `${env.ENVIRONMENT ?? "unset"}:${env.POLICY_SIGNING_KEY_ID ?? "policy-dev"}`;
}

function versionKey(chain: string, version: number): string {
  return `${PREFIX}${chain}:v:${version}`;
}
function currentKey(chain: string): string {
  return `${PREFIX}${chain}:current`;
}

/**
 * The newest stored key set of `chain`, or null before the first one.
 *
 * @example
 * const set = await readCurrentKeySet(env.POLICY_KV, keySetChain(env));
 */
export async function readCurrentKeySet(kv: KVNamespace, chain: string): Promise<SignedKeySet | null> {
  const current = await kv.get(currentKey(chain));
  if (current === null) return null;
  return readKeySetVersion(kv, chain, Number(current));
}

/**
 * One stored version, or null.
 *
 * @example
 * await readKeySetVersion(env.POLICY_KV, chain, 2);
 */
export async function readKeySetVersion(kv: KVNamespace, chain: string, version: number): Promise<SignedKeySet | null> {
  if (!Number.isSafeInteger(version) || version < 1) return null;
  const raw = await kv.get(versionKey(chain, version), "json");
  if (raw === null) return null;
  return SignedKeySetSchema.parse(raw);
}

/**
 * Every stored version after `after` up to the newest, oldest first (what a device that holds `after` needs).
 *
 * @example
 * for (const set of await keySetsAfter(env.POLICY_KV, chain, hello.have_keyset_version ?? 0)) send(set);
 */
export async function keySetsAfter(kv: KVNamespace, chain: string, after: number): Promise<SignedKeySet[]> {
  const current = await kv.get(currentKey(chain));
  if (current === null) return [];
  const out: SignedKeySet[] = [];
  for (let v = Math.max(1, after + 1); v <= Number(current); v += 1) {
    const set = await readKeySetVersion(kv, chain, v);
    if (set === null) break;
    out.push(set);
  }
  return out;
}

/**
 * Store `set` as the next version (the caller verified it against the current one). Returns false when that
 * version already exists (someone else rotated first).
 *
 * @example
 * if (!(await appendKeySet(env.POLICY_KV, chain, next))) throw conflict;
 */
export async function appendKeySet(kv: KVNamespace, chain: string, set: SignedKeySet): Promise<boolean> {
  if ((await kv.get(versionKey(chain, set.version))) !== null) return false;
  await kv.put(versionKey(chain, set.version), JSON.stringify(set));
  await kv.put(currentKey(chain), String(set.version));
  return true;
}
