/**
 * DecisionCache: a bounded LRU of `evaluate` answers under their exact context fingerprint
 * ({@link decisionKey}), invalidated wholesale when the policy (seq, hash) changes and, entry by entry, by
 * the agent-state epoch inside every key. Counts hits, misses, evictions, invalidations and the entries that
 * pre-computation stored.
 *
 * A hit returns a new top-level object sharing the entry's deep-frozen nested parts (see {@link restamp}) with
 * the one field that differs between two evaluations of the same inputs re-stamped exactly as `evaluate`
 * stamps it: `decision_id`
 * (`options.decisionId ?? request.request_id ?? deterministicDecisionId(request, policy.hash, now)`).
 * Everything else (decision, risk, violations, obligations, explanation, policy_version, latency_ms 0) is
 * byte-identical to a fresh evaluation.
 */
import { evaluate, type EvaluateOptions } from "../evaluate.ts";
import { finishEvaluation } from "../evaluate-finish.ts";
import { preparedFor, type PreparedEvaluation } from "../evaluate-prepare.ts";
import { MAX_REGEX_CHARS_PER_EVALUATION } from "../policy/context.ts";
import type { CompiledPolicy } from "../policy/compile.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import { deterministicDecisionId } from "../util/decision-id.ts";
import { deepFreeze } from "../util/deep-freeze.ts";
import { requestKey, stateEpoch } from "./fingerprint.ts";

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
  /** Estimated bytes held ({@link RESPONSE_BYTES_ESTIMATE} per answer + the keys) and the budget. */
  bytes: number;
  /** null: no byte budget (entries only). */
  max_bytes: number | null;
}

interface Entry {
  /** Deep-frozen: hits share its nested parts. */
  response: EvaluateResponse;
  precomputed: boolean;
}

/** The entries of one canonical request: one per agent-state epoch (at most MAX_EPOCHS_PER_REQUEST). */
type Bucket = Map<string, Entry>;

/** Default capacity: 1,024 requests (a response is ~1–3 KB; keys are at most 16 KiB). */
export const DEFAULT_DECISION_CACHE_ENTRIES = 1024;

/**
 * Epochs kept per request: the current state's answer and pre-computed answers for the next state; older
 * epochs can never come back for counters that only grow, so the oldest is dropped.
 */
const MAX_EPOCHS_PER_REQUEST = 4;

/**
 * What one cached answer is counted as against a byte budget: a response object is ~1–3 KB on the heap.
 * Keys are counted by their length (one byte per character: canonical JSON of an ordinary request is
 * one-byte text), and a key may be 16 KiB, so a count of entries alone does not bound the memory.
 */
export const RESPONSE_BYTES_ESTIMATE = 2048;

export class DecisionCache {
  /** Canonical request (the policy is the one of `usePolicy`) → agent-state epoch → entry; LRU by request. */
  readonly #entries = new Map<string, Bucket>();
  readonly #capacity: number;
  readonly #maxBytes: number;
  #bytes = 0;
  #policyHash = "";
  #policySeq = -1;
  #size = 0;
  readonly #stats = { hits: 0, misses: 0, uncacheable: 0, evictions: 0, invalidations: 0, precomputed: 0, precomputed_hits: 0 };

  /**
   * At most `capacity` requests and, when `maxBytes` is given, about that many bytes (keys plus
   * {@link RESPONSE_BYTES_ESTIMATE} per answer): the least recently used requests go first.
   *
   * @example
   * const cache = new DecisionCache(1024);
   * const small = new DecisionCache(4096, 2 * 1024 * 1024); // a device with little memory
   */
  constructor(capacity: number = DEFAULT_DECISION_CACHE_ENTRIES, maxBytes: number = Number.POSITIVE_INFINITY) {
    this.#capacity = Math.max(1, Math.floor(capacity));
    this.#maxBytes = Math.max(0, maxBytes);
  }

  /** Drop every entry when `policy` (seq, hash) is not the one the entries were made with (an invalidation). */
  usePolicy(policy: CompiledPolicy): void {
    // The bundle hash covers the document, not the seq (the same document re-issued keeps its hash, and
    // responses carry policy_version = seq.hash): both name the policy.
    if (policy.hash === this.#policyHash && policy.seq === this.#policySeq) return;
    if (this.#size > 0) this.#stats.invalidations++;
    this.#entries.clear();
    this.#size = 0;
    this.#bytes = 0;
    this.#policyHash = policy.hash;
    this.#policySeq = policy.seq;
  }

  /** Drop everything (counted as an invalidation when anything was cached). */
  clear(): void {
    if (this.#size > 0) this.#stats.invalidations++;
    this.#entries.clear();
    this.#size = 0;
    this.#bytes = 0;
  }

  /** Whether (`requestKey`, `epoch`) is cached (no counting, no LRU touch). */
  has(requestKey: string, epoch: string): boolean {
    return this.#entries.get(requestKey)?.has(epoch) === true;
  }

  /** The cached (deep-frozen) response for the request in `epoch`, counting the hit or miss. */
  lookup(requestKey: string, epoch: string): EvaluateResponse | undefined {
    const bucket = this.#entries.get(requestKey);
    const entry = bucket?.get(epoch);
    if (bucket === undefined || entry === undefined) {
      this.#stats.misses++;
      return undefined;
    }
    this.#stats.hits++;
    if (entry.precomputed) {
      this.#stats.precomputed_hits++;
      entry.precomputed = false;
    }
    this.#entries.delete(requestKey);
    this.#entries.set(requestKey, bucket);
    return entry.response;
  }

  /**
   * Store `response` for the request in `epoch` — deep-frozen in place: hand callers only top-level copies
   * of it — evicting the least recently used request when full.
   */
  store(requestKey: string, epoch: string, response: EvaluateResponse, precomputed = false): void {
    let bucket = this.#entries.get(requestKey);
    if (bucket !== undefined) this.#entries.delete(requestKey);
    else {
      const need = requestKey.length + RESPONSE_BYTES_ESTIMATE;
      if (need > this.#maxBytes) return;
      while (this.#entries.size > 0 && (this.#entries.size >= this.#capacity || this.#bytes + need > this.#maxBytes)) this.#evictOldest();
      bucket = new Map();
      this.#bytes += requestKey.length;
    }
    this.#entries.set(requestKey, bucket);
    if (bucket.has(epoch)) bucket.delete(epoch);
    else {
      this.#size++;
      this.#bytes += RESPONSE_BYTES_ESTIMATE;
      if (bucket.size >= MAX_EPOCHS_PER_REQUEST) {
        bucket.delete(bucket.keys().next().value as string);
        this.#size--;
        this.#bytes -= RESPONSE_BYTES_ESTIMATE;
        this.#stats.evictions++;
      }
      // A new epoch of a held request may take the cache over its budget: make room from the other end.
      while (this.#bytes > this.#maxBytes && this.#entries.size > 1) this.#evictOldest();
    }
    // Frozen in place (no copy): the caller of a miss gets a top-level copy (see cachedEvaluate), like a hit.
    bucket.set(epoch, { response: deepFreeze(response) as EvaluateResponse, precomputed });
    if (precomputed) this.#stats.precomputed++;
  }

  #evictOldest(): void {
    const [oldest, old] = this.#entries.entries().next().value as [string, Bucket];
    this.#entries.delete(oldest);
    this.#size -= old.size;
    this.#bytes -= oldest.length + old.size * RESPONSE_BYTES_ESTIMATE;
    this.#stats.evictions++;
  }

  /** Count a request that had no key. */
  countUncacheable(): void {
    this.#stats.uncacheable++;
  }

  /** A snapshot of the counters (`entries`: answers held; `capacity`: requests held at most; `bytes`: estimated). */
  stats(): DecisionCacheStats {
    return { ...this.#stats, entries: this.#size, capacity: this.#capacity, bytes: this.#bytes, max_bytes: Number.isFinite(this.#maxBytes) ? this.#maxBytes : null };
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
  return throughCache(cache, request, policy, agent, now, options, () => evaluate(request, policy, agent, now, options));
}

/** The lookup, the re-stamped hit, or the fresh answer (stored), shared by both cached paths. */
function throughCache(
  cache: DecisionCache,
  request: EvaluateRequest,
  policy: CompiledPolicy,
  agent: AgentStateSnapshot,
  now: number,
  options: { decisionId?: string } | undefined,
  fresh: () => EvaluateResponse,
): EvaluateResponse {
  cache.usePolicy(policy);
  const epoch = stateEpoch(agent, policy);
  const key = epoch === undefined ? undefined : requestKey(request);
  if (key === undefined || epoch === undefined) {
    cache.countUncacheable();
    return fresh();
  }
  const hit = cache.lookup(key, epoch);
  if (hit !== undefined) return restamp(hit, request, policy, now, options);
  const answer = fresh();
  cache.store(key, epoch, answer);
  return { ...answer };
}

/**
 * `finishEvaluation` through `cache` (the AgentState object's path after the split: the request was prepared
 * at the PoP). Entries are shared with {@link cachedEvaluate}: `finishEvaluation(prepareEvaluation(r))` is
 * `evaluate(r)` byte for byte, so both store and serve the same answers under the same keys. A prepared
 * evaluation with a regex budget other than the default, or for another policy, is finished fresh.
 *
 * @example
 * const res = cachedFinish(cache, prepared, compiled, snapshot, now, { decisionId });
 */
export function cachedFinish(
  cache: DecisionCache,
  prepared: PreparedEvaluation,
  policy: CompiledPolicy,
  agent: AgentStateSnapshot,
  now: number,
  options?: { decisionId?: string },
): EvaluateResponse {
  const request = prepared.request;
  if (prepared.budget.limit !== MAX_REGEX_CHARS_PER_EVALUATION || !preparedFor(prepared, policy)) return finishEvaluation(prepared, policy, agent, now, options);
  return throughCache(cache, request, policy, agent, now, options, () => finishEvaluation(prepared, policy, agent, now, options));
}

/**
 * `cached` with `decision_id` stamped as `evaluate` would for these inputs: a new top-level object (same key
 * order) whose nested parts (violations, obligations, explanation) are the cache's deep-frozen ones — shared,
 * never copied, so a caller that tried to change them would get a TypeError instead of changing the cache.
 *
 * @example
 * restamp(cached, request, policy, now, { decisionId: "d-2" }).decision_id; // "d-2"
 */
export function restamp(cached: EvaluateResponse, request: EvaluateRequest, policy: CompiledPolicy, now: number, options?: { decisionId?: string }): EvaluateResponse {
  return { ...cached, decision_id: options?.decisionId ?? request.request_id ?? deterministicDecisionId(request, policy.hash, now) };
}
