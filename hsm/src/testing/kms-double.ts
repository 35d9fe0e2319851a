/**
 * A test double of a cloud KMS's signing service: a real HTTP server on 127.0.0.1 speaking the protocol of
 * remote/remote-signer.ts, holding software Ed25519 keys generated at start. Faults can be switched on to
 * test the client's error mapping: a delay, an HTTP status, a signature by another key, another key id.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { base64UrlDecode, base64UrlEncode, generateSoftwareSigner, type Signer } from "@nethical/core/signing/index.ts";

/** A fault the double injects into every sign call until cleared. */
export type KmsFault = { delayMs: number } | { status: number } | { wrongKey: true } | { answerKeyId: string } | undefined;

/** The running double. */
export interface KmsDouble {
  readonly url: string;
  /** The bearer token the double requires (random per start). */
  readonly authToken: string;
  publicKeyJwk(keyId: string): JsonWebKey;
  /** How many sign calls were served. */
  readonly signCalls: number;
  setFault(fault: KmsFault): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

/**
 * Start a KMS double holding one key per id in `keyIds`.
 *
 * @example
 * const kms = await startKmsDouble(["audit-2027"]);
 * const signer = await remoteSigner({ keyId: "audit-2027", client: httpSigningClient({ url: kms.url, authToken: kms.authToken }) });
 */
export async function startKmsDouble(keyIds: readonly string[]): Promise<KmsDouble> {
  const keys = new Map<string, { signer: Signer; publicKeyJwk: JsonWebKey }>();
  for (const id of keyIds) keys.set(id, await generateSoftwareSigner(id));
  const stranger = await generateSoftwareSigner("stranger");
  const authToken = base64UrlEncode(crypto.getRandomValues(new Uint8Array(24)));
  let fault: KmsFault;
  let signCalls = 0;
  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers.authorization !== `Bearer ${authToken}`) return send(res, 401, { error: "unauthorized" });
      const match = /^\/keys\/([^/]+)(\/sign)?$/.exec(new URL(req.url ?? "/", "http://x").pathname);
      const keyId = match ? decodeURIComponent(match[1] as string) : undefined;
      const key = keyId === undefined ? undefined : keys.get(keyId);
      if (match === null || key === undefined) return send(res, 404, { error: "no such key" });
      if (match[2] === undefined && req.method === "GET") return send(res, 200, { key_id: keyId, public_key_jwk: key.publicKeyJwk });
      if (match[2] === undefined || req.method !== "POST") return send(res, 405, { error: "method" });
      signCalls++;
      const f = fault;
      if (f !== undefined && "delayMs" in f) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f !== undefined && "status" in f) return send(res, f.status, { error: "injected" });
      const message = base64UrlDecode((JSON.parse(await readBody(req)) as { message: string }).message);
      const signer = f !== undefined && "wrongKey" in f ? stranger.signer : key.signer;
      const signature = await signer.sign(message);
      const answerKeyId = f !== undefined && "answerKeyId" in f ? f.answerKeyId : keyId;
      send(res, 200, { key_id: answerKeyId, algorithm: "Ed25519", signature: base64UrlEncode(signature) });
    })().catch(() => send(res, 500, { error: "internal" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authToken,
    publicKeyJwk(keyId) {
      const key = keys.get(keyId);
      if (key === undefined) throw new Error(`no key ${keyId}`);
      return { ...key.publicKeyJwk };
    },
    get signCalls() {
      return signCalls;
    },
    setFault(next) {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
