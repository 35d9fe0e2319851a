/**
 * A {@link Signer} whose key lives in a cloud KMS or a signing service, for keys that must sign online
 * (the AuditLog's tree heads): the Worker sends the bytes, the service answers with a raw Ed25519
 * signature and the key id it used. Portable: fetch, AbortSignal and WebCrypto only, so it runs in workerd
 * as well as Node (a Worker service binding's `fetch` can be passed as the transport).
 *
 * The wire protocol (JSON, base64url without padding), which a KMS adapter implements:
 *
 * ```
 * POST {url}/keys/{key_id}/sign   {"message":"<b64url>"}  → 200 {"key_id":"…","algorithm":"Ed25519","signature":"<b64url, 64 bytes>"}
 * GET  {url}/keys/{key_id}                                → 200 {"key_id":"…","public_key_jwk":{"kty":"OKP","crv":"Ed25519","x":"…"}}
 * ```
 *
 * Every signature is verified against the public key (pinned by the caller, or fetched once) before it is
 * returned: a service that signs with another key, or returns garbage, fails with `bad_signature` and no
 * unverifiable tree head is ever stored.
 */
import { base64UrlDecode, base64UrlEncode, checkKeyId, createVerifier, publicJwkOf, type Signer } from "@nethical/core/signing/index.ts";

/** Why a remote signature failed. */
export type RemoteSignerErrorCode =
  | "timeout" // no answer within timeoutMs
  | "unreachable" // network error
  | "unauthorized" // 401 / 403
  | "unknown_key" // 404
  | "rate_limited" // 429
  | "unavailable" // 5xx
  | "bad_response" // not the protocol's JSON
  | "key_mismatch" // the service answered for another key id
  | "bad_signature"; // the signature does not verify with the key's public key

/** A failed remote signing call, with a stable code; `status` is the HTTP status when there was one. */
export class RemoteSignerError extends Error {
  readonly code: RemoteSignerErrorCode;
  readonly status: number | undefined;
  constructor(code: RemoteSignerErrorCode, message: string, status?: number) {
    super(message);
    this.name = "RemoteSignerError";
    this.code = code;
    this.status = status;
  }
}

/** The transport to the signing service: HTTP here; any RPC with the same two calls fits. */
export interface RemoteSigningClient {
  /** Sign `message` with `keyId`; the raw 64-byte signature and the key id the service used. */
  sign(keyId: string, message: Uint8Array, signal: AbortSignal): Promise<{ keyId: string; signature: Uint8Array }>;
  /** The public JWK of `keyId`. */
  publicKey(keyId: string, signal: AbortSignal): Promise<JsonWebKey>;
}

/** How to reach the service over HTTP. */
export interface HttpSigningClientOptions {
  /** Base URL, e.g. "https://kms-adapter.internal/v1". */
  readonly url: string;
  /** Sent as `Authorization: Bearer …` (a Worker secret); never logged. */
  readonly authToken?: string;
  /** The fetch to use (default globalThis.fetch; a service binding's fetch for Worker-to-Worker RPC). */
  readonly fetch?: typeof fetch;
}

function statusError(status: number, what: string): RemoteSignerError {
  if (status === 401 || status === 403) return new RemoteSignerError("unauthorized", `${what}: the signing service refused the credentials (${status})`, status);
  if (status === 404) return new RemoteSignerError("unknown_key", `${what}: the signing service does not know the key (404)`, status);
  if (status === 429) return new RemoteSignerError("rate_limited", `${what}: the signing service is rate limiting (429)`, status);
  if (status >= 500) return new RemoteSignerError("unavailable", `${what}: the signing service failed (${status})`, status);
  return new RemoteSignerError("bad_response", `${what}: unexpected status ${status}`, status);
}

function transportError(error: unknown, what: string): RemoteSignerError {
  if (error instanceof RemoteSignerError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return new RemoteSignerError("timeout", `${what}: no answer in time`);
  return new RemoteSignerError("unreachable", `${what}: ${(error as Error)?.message ?? String(error)}`);
}

async function json(res: Response, what: string): Promise<Record<string, unknown>> {
  if (!res.ok) throw statusError(res.status, what);
  try {
    const body: unknown = await res.json();
    if (body !== null && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === "TimeoutError" || name === "AbortError") throw transportError(error, what);
  }
  throw new RemoteSignerError("bad_response", `${what}: the answer is not a JSON object`, res.status);
}

/**
 * The HTTP transport of the protocol above.
 *
 * @example
 * const client = httpSigningClient({ url: env.KMS_SIGNER_URL, ...credentials }); // credentials = { authToken } from a Worker secret
 */
export function httpSigningClient(options: HttpSigningClientOptions): RemoteSigningClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.url.replace(/\/+$/, "");
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    accept: "application/json",
    ...(options.authToken !== undefined ? { authorization: `Bearer ${options.authToken}` } : {}),
    ...extra,
  });
  return {
    async sign(keyId, message, signal) {
      const what = `sign with remote key "${keyId}"`;
      let res: Response;
      try {
        res = await doFetch(`${base}/keys/${encodeURIComponent(keyId)}/sign`, {
          method: "POST",
          headers: headers({ "content-type": "application/json" }),
          body: JSON.stringify({ message: base64UrlEncode(message) }),
          signal,
        });
      } catch (error) {
        throw transportError(error, what);
      }
      const body = await json(res, what);
      if (typeof body.key_id !== "string" || typeof body.signature !== "string" || (body.algorithm !== undefined && body.algorithm !== "Ed25519")) {
        throw new RemoteSignerError("bad_response", `${what}: the answer lacks key_id/signature or is not Ed25519`, res.status);
      }
      let signature: Uint8Array;
      try {
        signature = base64UrlDecode(body.signature);
      } catch {
        throw new RemoteSignerError("bad_response", `${what}: the signature is not base64url`, res.status);
      }
      return { keyId: body.key_id, signature };
    },
    async publicKey(keyId, signal) {
      const what = `read remote key "${keyId}"`;
      let res: Response;
      try {
        res = await doFetch(`${base}/keys/${encodeURIComponent(keyId)}`, { headers: headers(), signal });
      } catch (error) {
        throw transportError(error, what);
      }
      const body = await json(res, what);
      if (body.key_id !== keyId) throw new RemoteSignerError("key_mismatch", `${what}: the service answered for key ${JSON.stringify(body.key_id)}`, res.status);
      try {
        return publicJwkOf(body.public_key_jwk as JsonWebKey);
      } catch {
        throw new RemoteSignerError("bad_response", `${what}: public_key_jwk is not an Ed25519 JWK`, res.status);
      }
    },
  };
}

/** A remote signer's settings. */
export interface RemoteSignerOptions {
  /** The key id consumers know (the tree heads' key_id) and the service signs with. */
  readonly keyId: string;
  readonly client: RemoteSigningClient;
  /** Per call (default 5000 ms). */
  readonly timeoutMs?: number;
  /** The public key, pinned (recommended); without it the service is asked once, at creation. */
  readonly publicKeyJwk?: JsonWebKey;
}

/**
 * A Signer over a signing service. Errors are RemoteSignerErrors (see RemoteSignerErrorCode).
 *
 * @example
 * const signer = await remoteSigner({ keyId: "audit-2027", client: httpSigningClient({ url, authToken }), publicKeyJwk: pinned });
 * const sth = await signTreeHead(unsignedTreeHead("acme", size, root, now), signer);
 */
export async function remoteSigner(options: RemoteSignerOptions): Promise<Signer> {
  const keyId = checkKeyId(options.keyId);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const publicKeyJwk = publicJwkOf(options.publicKeyJwk ?? (await options.client.publicKey(keyId, AbortSignal.timeout(timeoutMs))));
  const verifier = createVerifier(keyId, publicKeyJwk);
  return {
    keyId,
    algorithm: "Ed25519",
    async sign(bytes: Uint8Array): Promise<Uint8Array> {
      if (!(bytes instanceof Uint8Array)) throw new TypeError("sign: bytes must be a Uint8Array");
      const signal = AbortSignal.timeout(timeoutMs);
      let answer: { keyId: string; signature: Uint8Array };
      try {
        answer = await options.client.sign(keyId, bytes, signal);
      } catch (error) {
        throw transportError(error, `sign with remote key "${keyId}"`);
      }
      if (answer.keyId !== keyId) throw new RemoteSignerError("key_mismatch", `the signing service signed with key ${JSON.stringify(answer.keyId)}, not "${keyId}"`);
      if (answer.signature.length !== 64 || !(await verifier.verify(bytes, answer.signature))) {
        throw new RemoteSignerError("bad_signature", `the signing service's signature does not verify with key "${keyId}"`);
      }
      return answer.signature;
    },
    publicKey: async () => ({ ...publicKeyJwk }),
  };
}
