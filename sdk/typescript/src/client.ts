/**
 * `NethicalClient`: the Nethical API over openapi-fetch, with the transport's request ids, timeouts and
 * retries, idempotent evaluate/batch (the client fills in `request_id`, so a retried request keeps its
 * decision id), and audit answers verified against a pinned key before they are returned.
 */
import createClient, { type Client } from "openapi-fetch";
import type { AuditPublicKey, EvaluateRequest, EvaluateResponse, TreeHead } from "@nethical/core";
import type { BatchResult, DecisionQuery, DecisionRecord, EvaluateBody, paths, PolicyDocument, WebhookDeliveryQuery, WebhookSubscribeBody, WhoAmI } from "./api-paths.ts";
import {
  pinnedVerifier,
  verifyConsistencyProof,
  verifyEventProof,
  verifySignedTreeHead,
  type ConsistencyProof,
  type EventProof,
  type PinnedKey,
  type SignedTreeHead,
} from "./audit-proofs.ts";
import { ProofVerificationError } from "./errors.ts";
import { streamsOf, type Streams } from "./streams.ts";
import { createTransport, newRequestId, type TransportOptions } from "./transport.ts";
import type { Verifier } from "@nethical/core/signing/keys.ts";

/** Options of {@link NethicalClient}. */
export interface NethicalClientOptions extends Omit<TransportOptions, "baseUrl" | "apiKey"> {
  /** Where the Worker answers, e.g. `https://nethical.example.com` or `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** A tenant API key (`nk_<tenant>.<key_id>.<secret>`) of the role the calls need. */
  apiKey: string;
  /**
   * The audit log's public key (`public_key` of `GET /v2/audit/tree-head`, `{key_id, jwk}`), obtained once
   * out of band. Every tree head and proof the audit methods return is verified against it; without it
   * they refuse to run.
   */
  auditPublicKey?: PinnedKey;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  /** The `x-request-id` to send (default: a fresh UUID). */
  requestId?: string;
}

/** The Worker's answer headers around a decision. */
export interface DecisionMeta {
  requestId: string;
  policyVersion: string | null;
  agentSeq: number | null;
  auditEventId: string | null;
  /** `X-Nethical-Degraded` when the fail-safe answered (`agent_state`, `policy`, `budget`). */
  degraded: string | null;
  /** The agent's token bucket after this decision. */
  rateLimit: { limit: number; remaining: number; resetS: number } | null;
}

function num(value: string | null): number | null {
  return value === null || value === "" || !Number.isFinite(Number(value)) ? null : Number(value);
}

function metaOf(response: Response): DecisionMeta {
  const h = response.headers;
  const limit = num(h.get("ratelimit-limit"));
  const remaining = num(h.get("ratelimit-remaining"));
  const reset = num(h.get("ratelimit-reset"));
  return {
    requestId: h.get("x-request-id") ?? "",
    policyVersion: h.get("x-nethical-policy-version"),
    agentSeq: num(h.get("x-nethical-agent-seq")),
    auditEventId: h.get("x-nethical-audit-event-id"),
    degraded: h.get("x-nethical-degraded"),
    rateLimit: limit !== null && remaining !== null && reset !== null ? { limit, remaining, resetS: reset } : null,
  };
}

function init(options: CallOptions | undefined): { signal?: AbortSignal; headers?: Record<string, string> } {
  return {
    ...(options?.signal !== undefined ? { signal: options.signal } : {}),
    ...(options?.requestId !== undefined ? { headers: { "x-request-id": options.requestId } } : {}),
  };
}

/** The transport throws on every failure, so a returned result always has `data`. */
function dataOf<T>(result: { data?: T }): T {
  return result.data as T;
}

/**
 * The Nethical API client. Runs in Node, browsers and Workers (Fetch and WebCrypto only).
 *
 * @example
 * const client = new NethicalClient({ baseUrl: "http://127.0.0.1:8787", apiKey: process.env.NETHICAL_KEY!, auditPublicKey: pinned });
 * const decision = await client.evaluate({ agent_id: "robot-1", action: "ls -la", action_type: "code_execution" });
 */
export class NethicalClient {
  readonly #api: Client<paths>;
  readonly #pinned: PinnedKey | undefined;
  readonly #baseUrl: string;
  #verifier: Verifier | undefined;

  constructor(options: NethicalClientOptions) {
    const { baseUrl, apiKey, auditPublicKey, ...transport } = options;
    this.#api = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ""), fetch: createTransport({ baseUrl, apiKey, ...transport }) });
    this.#pinned = auditPublicKey;
    this.#baseUrl = baseUrl;
  }

  /**
   * Evaluate one action. A missing `request_id` is filled in, so retries are idempotent.
   *
   * @example
   * const { decision, obligations } = await client.evaluate({ agent_id: "a", action: "…", action_type: "tool_call" });
   */
  async evaluate(request: EvaluateRequest, options?: CallOptions): Promise<EvaluateResponse> {
    return (await this.evaluateWithMeta(request, options)).response;
  }

  /**
   * Evaluate one action and return the decision with the Worker's headers (policy version, agent seq,
   * audit event id, rate limit, degraded).
   *
   * @example
   * const { response, meta } = await client.evaluateWithMeta(request);
   * meta.rateLimit?.remaining; // tokens left in the agent's bucket
   */
  async evaluateWithMeta(request: EvaluateRequest, options?: CallOptions): Promise<{ response: EvaluateResponse; meta: DecisionMeta }> {
    const body = { ...request, request_id: request.request_id ?? newRequestId() };
    const result = await this.#api.POST("/v2/evaluate", { body: asBody(body), ...init(options) });
    return { response: dataOf(result), meta: metaOf(result.response) };
  }

  /**
   * Evaluate up to 100 actions in one request; results come back in order, each a decision or a 422
   * problem for that item.
   *
   * @example
   * const results = await client.batch([reqA, reqB]);
   * results[0].status === 200 && results[0].response.decision;
   */
  async batch(requests: readonly EvaluateRequest[], options?: CallOptions): Promise<BatchResult[]> {
    const body = { requests: requests.map((r) => asBody({ ...r, request_id: r.request_id ?? newRequestId() })) };
    return dataOf(await this.#api.POST("/v2/batch-evaluate", { body, ...init(options) })).results;
  }

  /**
   * The caller as the Worker sees it (tenant, role, key id); a cheap way to check a key.
   *
   * @example
   * (await client.whoami()).kind; // "tenant"
   */
  async whoami(options?: CallOptions): Promise<WhoAmI> {
    return dataOf(await this.#api.GET("/v2/whoami", init(options)));
  }

  /** Recorded decisions (roles auditor, admin). */
  readonly decisions = {
    /**
     * A page of recorded decisions, oldest first; pass `next_cursor` back as `cursor`.
     *
     * @example
     * const { decisions, next_cursor } = await client.decisions.list({ decision: "BLOCK", limit: 20 });
     */
    list: async (query: DecisionQuery = {}, options?: CallOptions) =>
      dataOf(await this.#api.GET("/v2/decisions", { params: { query }, ...init(options) })),
    /**
     * One recorded decision with its explanation.
     *
     * @example
     * await client.decisions.get(decisionId);
     */
    get: async (id: string, options?: CallOptions): Promise<DecisionRecord> =>
      dataOf(await this.#api.GET("/v2/decisions/{id}", { params: { path: { id } }, parseAs: "json", ...init(options) })) as DecisionRecord,
  };

  /** Policies (read: operator, auditor, admin; write: operator, admin). */
  readonly policies = {
    /**
     * The active bundle's metadata (`include: "policy"` adds the document).
     *
     * @example
     * (await client.policies.active()).policy_version;
     */
    active: async (query: { include?: "policy" } = {}, options?: CallOptions) =>
      dataOf(await this.#api.GET("/v2/policies/active", { params: { query }, ...init(options) })),
    /**
     * Every policy with its versions.
     *
     * @example
     * (await client.policies.list()).policies.length;
     */
    list: async (options?: CallOptions) => dataOf(await this.#api.GET("/v2/policies", init(options))).policies,
    /**
     * One policy's versions.
     *
     * @example
     * await client.policies.get("acme", { include: "policy" });
     */
    get: async (id: string, query: { include?: "policy" } = {}, options?: CallOptions) =>
      dataOf(await this.#api.GET("/v2/policies/{id}", { params: { path: { id }, query }, ...init(options) })),
    /**
     * Publish a new version (a JSON object or YAML text); it starts in quarantine. Activate it with
     * {@link activate}.
     *
     * @example
     * const v = await client.policies.publish(doc, { policyId: "acme" }); // { policy_id, version, status: "quarantine", … }
     */
    publish: async (document: PolicyDocument | string, publishOptions: { policyId?: string } = {}, options?: CallOptions) =>
      dataOf(
        await this.#api.POST("/v2/policies", {
          params: { query: publishOptions.policyId === undefined ? {} : { policy_id: publishOptions.policyId } },
          ...policyBody(document, init(options)),
        }),
      ),
    /**
     * Move a version to `active` (or `canary` with a percentage, `deprecated`, `quarantine`).
     *
     * @example
     * await client.policies.activate("acme", 3);
     */
    activate: async (id: string, version: number, to: { to?: "active" | "canary" | "deprecated" | "quarantine"; canary_percent?: number } = {}, options?: CallOptions) =>
      dataOf(
        await this.#api.POST("/v2/policies/{id}/versions/{version}/transition", {
          params: { path: { id, version: String(version) } },
          body: { to: to.to ?? "active", ...(to.canary_percent !== undefined ? { canary_percent: to.canary_percent } : {}) },
          ...init(options),
        }),
      ),
    /**
     * Replace the active policy at once (a new version, activated; seq + 1).
     *
     * @example
     * await client.policies.setActive(yamlText);
     */
    setActive: async (document: PolicyDocument | string, options?: CallOptions) =>
      dataOf(await this.#api.PUT("/v2/policies/active", policyBody(document, init(options)))),
  };

  /** Agents (read: operator, auditor, admin; reinstate: operator, admin). */
  readonly agents = {
    /**
     * The agent's counters, sticky TERMINATE, token bucket and reinstatements.
     *
     * @example
     * (await client.agents.get("robot-1")).terminated;
     */
    get: async (agentId: string, options?: CallOptions) =>
      dataOf(await this.#api.GET("/v2/agents/{agent_id}", { params: { path: { agent_id: agentId } }, ...init(options) })),
    /**
     * Lift a sticky TERMINATE (409 problem if the agent is not terminated).
     *
     * @example
     * await client.agents.reinstate("robot-1", "reviewed the incident");
     */
    reinstate: async (agentId: string, reason: string, options?: CallOptions) =>
      dataOf(await this.#api.POST("/v2/agents/{agent_id}/reinstate", { params: { path: { agent_id: agentId } }, body: { reason }, ...init(options) })),
  };

  /**
   * Outbound webhook subscriptions (read: operator, auditor, admin; write: operator, admin). Deliveries
   * are signed the Standard Webhooks way with the subscription's secret, shown on create and rotate only.
   */
  readonly webhooks = {
    /**
     * Subscribe `url` (https, public) to events; the answer holds the signing secret, this once.
     *
     * @example
     * const { id, secret } = await client.webhooks.subscribe({ url: "https://hooks.acme.test/nethical", events: ["decision.blocked"] });
     */
    subscribe: async (body: WebhookSubscribeBody, options?: CallOptions) =>
      dataOf(await this.#api.POST("/v2/webhooks/subscriptions", { body, ...init(options) })),
    /**
     * Every subscription of the tenant (no secrets).
     *
     * @example
     * (await client.webhooks.list()).length;
     */
    list: async (options?: CallOptions) => dataOf(await this.#api.GET("/v2/webhooks/subscriptions", init(options))).subscriptions,
    /**
     * One subscription (no secret).
     *
     * @example
     * await client.webhooks.get("sub_…");
     */
    get: async (id: string, options?: CallOptions) =>
      dataOf(await this.#api.GET("/v2/webhooks/subscriptions/{id}", { params: { path: { id } }, ...init(options) })),
    /**
     * Delete a subscription.
     *
     * @example
     * await client.webhooks.delete("sub_…");
     */
    delete: async (id: string, options?: CallOptions): Promise<void> => {
      await this.#api.DELETE("/v2/webhooks/subscriptions/{id}", { params: { path: { id } }, ...init(options) });
    },
    /**
     * A new signing secret; the previous one stays valid for the rotation window.
     *
     * @example
     * const { secret } = await client.webhooks.rotateSecret("sub_…");
     */
    rotateSecret: async (id: string, options?: CallOptions) =>
      dataOf(await this.#api.POST("/v2/webhooks/subscriptions/{id}/rotate-secret", { params: { path: { id } }, ...init(options) })),
    /**
     * The subscription's delivery log, newest first.
     *
     * @example
     * await client.webhooks.deliveries("sub_…", { status: "dead_lettered" });
     */
    deliveries: async (id: string, query: WebhookDeliveryQuery = {}, options?: CallOptions) =>
      dataOf(await this.#api.GET("/v2/webhooks/subscriptions/{id}/deliveries", { params: { path: { id }, query }, ...init(options) })).deliveries,
    /**
     * Send a delivery again (same `webhook-id`).
     *
     * @example
     * await client.webhooks.redeliver("sub_…", "msg_…");
     */
    redeliver: async (id: string, deliveryId: string, options?: CallOptions) =>
      dataOf(
        await this.#api.POST("/v2/webhooks/subscriptions/{id}/deliveries/{delivery_id}/redeliver", { params: { path: { id, delivery_id: deliveryId } }, ...init(options) }),
      ),
  };

  /** The audit log (roles auditor, admin); every answer verified against the pinned key first. */
  /**
   * Live streams (roles operator, auditor, admin; streams.ts): `token()` issues a single-use stream token,
   * `open()` issues one and opens the WebSocket, acknowledging automatically.
   *
   * @example
   * const stream = await client.streams.open({ stream: "decisions", filters: { decision: ["BLOCK"] } });
   * for await (const event of stream) console.log(event.data.agent_id, stream.dropped);
   */
  readonly streams: Streams = streamsOf(
    async (body, options) => dataOf(await this.#api.POST("/v2/streams/token", { body, ...init(options) })),
    () => this.#baseUrl,
  );

  readonly audit = {
    /**
     * The latest signed tree head, its signature verified.
     *
     * @example
     * const { tree_head } = await client.audit.treeHead(); // keep it to check growth later
     */
    treeHead: async (options?: CallOptions): Promise<SignedTreeHead> => {
      const verifier = this.#pinnedVerifier();
      const head = dataOf(await this.#api.GET("/v2/audit/tree-head", init(options)));
      check(await verifySignedTreeHead(head.tree_head, verifier));
      return head;
    },
    /**
     * An audit event (by event or decision id) with its inclusion proof, verified: the head's signature,
     * the leaf hash recomputed from the event, the proof against the head's root.
     *
     * @example
     * const { event, leaf_index } = await client.audit.event(meta.auditEventId);
     */
    event: async (id: string, options?: CallOptions): Promise<EventProof> => {
      const verifier = this.#pinnedVerifier();
      const proof = dataOf(await this.#api.GET("/v2/audit/{id}", { params: { path: { id } }, ...init(options) }));
      check(await verifyEventProof(proof, verifier));
      return proof;
    },
    /**
     * A verified consistency proof from an earlier size (or a tree head you kept: its root must be the
     * one the server proves from) to `to` (default: the current size).
     *
     * @example
     * const later = await client.audit.consistency(keptHead); // throws ProofVerificationError if the log was rewritten
     */
    consistency: async (from: number | TreeHead, to?: number, options?: CallOptions): Promise<ConsistencyProof> => {
      const verifier = this.#pinnedVerifier();
      const size = typeof from === "number" ? from : from.tree_size;
      const query = to === undefined ? { from: size } : { from: size, to };
      const proof = dataOf(await this.#api.GET("/v2/audit/consistency", { params: { query }, ...init(options) }));
      check(await verifyConsistencyProof(proof, verifier));
      if (typeof from !== "number" && (proof.from_tree_head.root_hash !== from.root_hash || proof.from_tree_head.log_id !== from.log_id)) {
        throw new ProofVerificationError("the server proved from a different root than the tree head kept by the client: the log was rewritten");
      }
      return proof;
    },
  };

  #pinnedVerifier(): Verifier {
    if (this.#pinned === undefined) throw new ProofVerificationError("no audit public key was pinned (option auditPublicKey): refusing to return unverified audit data");
    this.#verifier ??= pinnedVerifier(this.#pinned);
    return this.#verifier;
  }
}

function check(verification: { ok: true } | { ok: false; reason: string }): void {
  if (!verification.ok) throw new ProofVerificationError(verification.reason);
}

/**
 * A policy as a request body: a document as JSON, YAML text as is (`application/yaml`; the document types
 * the YAML body as the parsed document, so the text is passed through a serializer that sends it unchanged).
 */
function policyBody(document: PolicyDocument | string, base: { signal?: AbortSignal; headers?: Record<string, string> }) {
  if (typeof document !== "string") return { ...base, body: document };
  return {
    ...base,
    body: document as unknown as PolicyDocument,
    bodySerializer: (b: unknown) => b as string,
    headers: { ...base.headers, "content-type": "application/yaml" },
  };
}

/**
 * The core's EvaluateRequest as the document's body type: the same JSON, but the core types tool
 * arguments and context values as `unknown` where the document says `JsonValue`.
 */
function asBody(request: EvaluateRequest): EvaluateBody {
  return request as unknown as EvaluateBody;
}

export type { AuditPublicKey };
