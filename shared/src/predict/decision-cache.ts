/**
 * DecisionCache: a bounded LRU of `evaluate` answers under their exact context fingerprint
 * ({@link decisionKey}), invalidated wholesale when the policy (seq, hash) changes and, entry by entry, by
 * the agent-state epoch inside every key. Counts hits, misses, evictions, invalidations and the entries that
 * pre-computation stored.
 *
 * A hit returns a fresh copy (callers may mutate their response) with the one field that differs between two
 * evaluations of the same inputs re-stamped exactly as `evaluate` stamps it: `decision_id`
 * (`options.decisionId ?? request.request_id ?? deterministicDecisionId(request, policy.hash, now)`).
 * Everything else (decision, risk, violations, obligations, explanation, policy_version, latency_ms 0) is
 * byte-identical to a fresh evaluation.
 */
import { evaluate, type EvaluateOptions } from "../evaluate.ts";
import type { CompiledPolicy } from "../policy/compile.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import { deterministicDecisionId } from "../util/decision-id.ts";
import { decisionKey } from "./fingerprint.ts";

/** The cache's counters (for device status and Worker metrics). */
export interface DecisionCacheStats {
  hits: number;
  misses: number;
  /** Requests that have no key (terminated agent, approval retry, oversized request). */
  uncacheable: number;
  evictions: number;
  /** Wholesale clears because the policy changed. */
  invalidations: number;
  /** Entries stored by pre-computation. */
  precomputed: number;
  /** Hits on entries that pre-computation stored (first use). */
  precomputed_hits: number;
  entries: number;
  capacity: number;
}

interface Entry {
  response: EvaluateResponse;
  precomputed: boolean;
}

/** Default capacity: 1,024 entries (a response is ~1–3 KB; keys are at most 16 KiB). */
export const DEFAULT_DECISION_CACHE_ENTRIES = 1024;

export class DecisionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;
  #policy = "";
  readonly #stats = { hits: 0, misses: 0, uncacheable: 0, evictions: 0, invalidations: 0, precomputed: 0, precomputed_hits: 0 };

  /**
   * @example
   * const cache = new DecisionCache(1024);
   */
  constructor(capacity: number = DEFAULT_DECISION_CACHE_ENTRIES) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Drop every entry when `policy` is not the one the entries were made with (counted as an invalidation). */
  usePolicy(policy: CompiledPolicy): void {
    const id = `${policy.seq}:${policy.hash}`;
    if (id === this.#policy) return;
    if (this.#entries.size > 0) this.#stats.invalidations++;
    this.#entries.clear();
    this.#policy = id;
  }

  /** Drop everything (e.g. an operator reinstated or terminated the agent outside a decision). */
  clear(): void {
    if (this.#entries.size > 0) this.#stats.invalidations++;
    this.#entries.clear();
  }

  /** Whether `key` is cached (no counting, no LRU touch). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The cached response for `key` (the stored object: copy before handing it out), counting the hit or miss. */
  lookup(key: string): EvaluateResponse | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#stats.misses++;
      return undefined;
    }
    this.#stats.hits++;
    if (entry.precomputed) {
      this.#stats.precomputed_hits++;
      entry.precomputed = false;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.response;
  }

  /** Store `response` (copied) under `key`, evicting the least recently used entry when full. */
  store(key: string, response: EvaluateResponse, precomputed = false): void {
    if (this.#entries.has(key)) this.#entries.delete(key);
    else if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
      this.#stats.evictions++;
    }
    this.#entries.set(key, { response: cloneJson(response), precomputed });
    if (precomputed) this.#stats.precomputed++;
  }

  /** Count a request that had no key. */
  countUncacheable(): void {
    this.#stats.uncacheable++;
  }

  /** A snapshot of the counters. */
  stats(): DecisionCacheStats {
    return { ...this.#stats, entries: this.#entries.size, capacity: this.#capacity };
  }
}

/**
 * `evaluate` through `cache`: the same signature and, byte for byte, the same answer (see the module
 * comment for the re-stamped `decision_id`). A terminated agent, an approval retry or an oversized request
 * is evaluated fresh and not stored.
 *
 * @example
 * const res = cachedEvaluate(cache, request, compiled, snapshot, now, { decisionId: crypto.randomUUID() });
 */
export function cachedEvaluate(
  cache: DecisionCache,
  request: EvaluateRequest,
  policy: CompiledPolicy,
  agent: AgentStateSnapshot,
  now: number,
  options?: EvaluateOptions,
): EvaluateResponse {
  if (options?.regexBudgetChars !== undefined) return evaluate(request, policy, agent, now, options);
  cache.usePolicy(policy);
  const key = decisionKey(request, policy, agent);
  if (key === undefined) {
    cache.countUncacheable();
    return evaluate(request, policy, agent, now, options);
  }
  const hit = cache.lookup(key);
  if (hit !== undefined) return restamp(hit, request, policy, now, options);
  const fresh = evaluate(request, policy, agent, now, options);
  cache.store(key, fresh);
  return fresh;
}

/**
 * A copy of `cached` with `decision_id` stamped as `evaluate` would for these inputs.
 *
 * @example
 * restamp(cached, request, policy, now, { decisionId: "d-2" }).decision_id; // "d-2"
 */
export function restamp(cached: EvaluateResponse, request: EvaluateRequest, policy: CompiledPolicy, now: number, options?: EvaluateOptions): EvaluateResponse {
  const out = cloneJson(cached);
  out.decision_id = options?.decisionId ?? request.request_id ?? deterministicDecisionId(request, policy.hash, now);
  return out;
}

/**
 * A deep copy of a JSON tree (plain objects, arrays, primitives), keys in the same order.
 *
 * @example
 * const copy = cloneJson({ a: [1, { b: 2 }] }); // equal, shares nothing
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in value) if (Object.hasOwn(value, k)) out[k] = cloneJson((value as Record<string, unknown>)[k]);
  return out as T;
}
