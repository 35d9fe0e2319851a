/**
 * The Node side of the workerd tests' `KMS_DOUBLE` service binding (vitest.config.ts): workerd cannot start
 * a server, so a test asks Node to start a {@link startKmsDouble} (a real HTTP server on 127.0.0.1) and then
 * reaches it over real HTTP with the global fetch, exactly as an AuditLog reaches a KMS in production. The
 * binding only manages doubles; signing never goes through it.
 *
 * ```
 * POST /start {"key_ids":["audit-kms"]}  → {"id","url","auth_token","public_keys":{"audit-kms":{…jwk}}}
 * POST /fault {"id","fault":{"status":503}|{"delayMs":…}|{"wrongKey":true}|{"answerKeyId":"…"}|null}
 * GET  /calls?id=…                       → {"sign_calls": n}
 * POST /stop  {"id"}
 * ```
 */
import { startKmsDouble, type KmsDouble, type KmsFault } from "./kms-double.ts";

const doubles = new Map<string, KmsDouble>();

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/**
 * Handle one management request from a workerd test.
 *
 * @example
 * // vitest.config.ts: miniflare: { serviceBindings: { KMS_DOUBLE: kmsDoubleService } }
 * const kms = await (await env.KMS_DOUBLE.fetch("http://kms/start", { method: "POST", body: '{"key_ids":["audit-kms"]}' })).json();
 */
export async function kmsDoubleService(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body = request.method === "POST" ? ((await request.json()) as { id?: string; key_ids?: string[]; fault?: KmsFault | null }) : {};
  if (url.pathname === "/start") {
    const keyIds = body.key_ids ?? [];
    if (keyIds.length === 0) return json({ error: "key_ids required" }, 400);
    const double = await startKmsDouble(keyIds);
    const id = crypto.randomUUID();
    doubles.set(id, double);
    const publicKeys = Object.fromEntries(keyIds.map((k) => [k, double.publicKeyJwk(k)]));
    const bearer = double.authToken;
    return json({ id, url: double.url, auth_token: bearer, public_keys: publicKeys });
  }
  const id = body.id ?? url.searchParams.get("id") ?? "";
  const double = doubles.get(id);
  if (double === undefined) return json({ error: "no such double" }, 404);
  if (url.pathname === "/fault") {
    double.setFault(body.fault ?? undefined);
    return json({ ok: true });
  }
  if (url.pathname === "/calls") return json({ sign_calls: double.signCalls });
  if (url.pathname === "/stop") {
    doubles.delete(id);
    await double.close();
    return json({ ok: true });
  }
  return json({ error: "not found" }, 404);
}
