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

/**
 * The chain name for a configuration.
 *
 * @example
 * keySetChain({ ENVIRONMENT: "production", POLICY_SIGNING_KEY_ID: "policy-2026" }); // "production:policy-2026"
 */
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

const SUBSCRIBERS = "platform:policy-keyset-subscribers:";

/**
 * Remember that `tenant`'s PolicyStore in `region` serves devices over `/v2/sync`, so a rotation step can push
 * the new key set to it at once (platform-wide index; the value names no secret). Written on the store's
 * first sync upgrade per object lifetime, and only when missing.
 *
 * @example
 * await rememberKeySetSubscriber(env.POLICY_KV, "acme", "local");
 */
export async function rememberKeySetSubscriber(kv: KVNamespace, tenant: string, region: string): Promise<void> {
  const key = `${SUBSCRIBERS}${tenant}:${region}`;
  if ((await kv.get(key)) === null) await kv.put(key, JSON.stringify({ tenant, region }));
}

/**
 * The PolicyStores that serve devices (up to `limit`; only `tenant`'s when given), to push a new key set to.
 *
 * @example
 * for (const { tenant, region } of await keySetSubscribers(env.POLICY_KV)) await policyStoreStub(env, tenant, region).pushKeySets();
 */
export async function keySetSubscribers(kv: KVNamespace, limit = 10_000, tenant?: string): Promise<{ tenant: string; region: string }[]> {
  const out: { tenant: string; region: string }[] = [];
  let cursor: string | undefined;
  // One tenant's stores only (tenant ids hold no ":", so `<tenant>:` is an exact prefix): device revocation.
  const prefix = tenant === undefined ? SUBSCRIBERS : `${SUBSCRIBERS}${tenant}:`;
  do {
    const page = await kv.list({ prefix, ...(cursor !== undefined ? { cursor } : {}) });
    for (const { name } of page.keys) {
      const rest = name.slice(SUBSCRIBERS.length);
      const at = rest.lastIndexOf(":");
      if (at > 0) out.push({ tenant: rest.slice(0, at), region: rest.slice(at + 1) });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor !== undefined && out.length < limit);
  return out.slice(0, limit);
}
