/**
 * Seed a development tenant through the admin API (as an operator would) and remember its keys under
 * `.dev/` so later starts reuse them.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

/** Keys of the seeded development tenant. */
export interface DevTenant {
  tenant: string;
  keys: { agent: string; operator: string; auditor: string; admin: string };
}

async function call(url: string, init: RequestInit & { key: string }): Promise<Response> {
  const { key, ...rest } = init;
  return fetch(url, {
    ...rest,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(rest.headers ?? {}) },
  });
}

/** Whether saved keys still work, checked with a read (the operator's view of the active policy): no decision is made, so nothing lands in the audit log. */
async function keysWork(baseUrl: string, operatorKey: string): Promise<boolean> {
  const res = await call(`${baseUrl}/v2/policies/active`, { key: operatorKey, method: "GET" });
  await res.body?.cancel();
  return res.ok;
}

/**
 * Create tenant `tenant` with one key per role (or reuse the keys saved in `file` if they still work).
 *
 * @example
 * const dev = await seedDevTenant("http://127.0.0.1:8787", bootstrapKey, ".dev/dev-tenant.json");
 */
export async function seedDevTenant(baseUrl: string, bootstrapKey: string, file: string, tenant = "dev"): Promise<DevTenant> {
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as DevTenant;
    if (saved.tenant === tenant && (await keysWork(baseUrl, saved.keys.operator))) return saved;
  } catch {
    // no saved tenant yet, or unreadable: seed anew
  }
  const created = await call(`${baseUrl}/v2/admin/tenants`, {
    key: bootstrapKey,
    method: "POST",
    body: JSON.stringify({ tenant }),
  });
  if (!created.ok && created.status !== 409) {
    throw new Error(`creating tenant "${tenant}" failed: HTTP ${created.status} ${await created.text()}`);
  }
  const keys = {} as DevTenant["keys"];
  for (const role of ["agent", "operator", "auditor", "admin"] as const) {
    const res = await call(`${baseUrl}/v2/admin/tenants/${tenant}/keys`, {
      key: bootstrapKey,
      method: "POST",
      body: JSON.stringify({ role, label: `dev-${role}` }),
    });
    if (!res.ok) throw new Error(`issuing the ${role} key failed: HTTP ${res.status} ${await res.text()}`);
    keys[role] = ((await res.json()) as { secret: string }).secret;
  }
  const dev = { tenant, keys };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(dev, null, 2)}\n`, { mode: 0o600 });
  return dev;
}
