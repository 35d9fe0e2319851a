/**
 * PatternProfiler: per agent type, a first-order Markov model over tool-call shapes ({@link callShape}),
 * learnt online, and concrete guesses of the next request.
 *
 * Each edge (shape → next shape) keeps a count and up to `maxExemplars` templates: a recent next request
 * with its arguments that repeated a value of one of the agent's last {@link CARRY_WINDOW} requests
 * recorded as carries (the next `write_file.path` is the `read_file.path` just read; `close_ticket.order_id`
 * is the order looked up three steps before). A guess instantiates a template with the agent's current
 * values, agent id and context. The model is first-order (the state is the last request's shape); only the
 * carried values look further back.
 *
 * Bounded memory: at most `maxTypes` agent types × `maxStates` shapes × `maxEdges` edges × `maxExemplars`
 * templates, and a template is kept only if its canonical request is at most `maxExemplarChars` characters.
 * With the defaults (8 × 64 × 6 × 3, 1,024 characters) that is at most 9,216 templates (≈ 19 MB of UTF-16
 * text in the worst case, a few hundred KB in practice). When full, the least-seen state or edge is
 * replaced and the least-recently-seen agent type is dropped. Free-text steps (see `guessable`) count in the
 * model but keep no template: they are never guessed.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { callShape } from "./call-shape.ts";
import { requestKey } from "./fingerprint.ts";

export interface ProfilerLimits {
  maxTypes: number;
  maxStates: number;
  maxEdges: number;
  maxExemplars: number;
  maxExemplarChars: number;
}

export const DEFAULT_PROFILER_LIMITS: Readonly<ProfilerLimits> = Object.freeze({ maxTypes: 8, maxStates: 64, maxEdges: 6, maxExemplars: 3, maxExemplarChars: 1024 });

/** How many of an agent's last requests argument values are carried from. */
export const CARRY_WINDOW = 4;

/** An agent's recent requests, the most recent first (at most CARRY_WINDOW are looked at). */
export type History = readonly EvaluateRequest[];

/** A next request seen after a request of the edge's source shape, with the argument values it carried over. */
interface Template {
  request: EvaluateRequest;
  /** [argument of the next request, how many requests back (0 = the last one), argument there it equalled]. */
  carries: readonly (readonly [string, number, string])[];
  /** Canonical form (identity for de-duplication). */
  id: string;
}

interface Edge {
  count: number;
  templates: Template[];
}

interface StateNode {
  count: number;
  edges: Map<string, Edge>;
}

/** One guess: a concrete request (and its `requestKey`) and the estimated probability of its shape. */
export interface Prediction {
  request: EvaluateRequest;
  key: string;
  probability: number;
  shape: string;
}

export class PatternProfiler {
  readonly #limits: ProfilerLimits;
  readonly #types = new Map<string, Map<string, StateNode>>();
  #observations = 0;

  /**
   * @example
   * const profiler = new PatternProfiler({ maxStates: 32 });
   */
  constructor(limits: Partial<ProfilerLimits> = {}) {
    this.#limits = { ...DEFAULT_PROFILER_LIMITS, ...limits };
  }

  /** Learn that `next` followed `history` (the agent's requests before it, the most recent first; or just the last one). */
  observe(agentType: string, history: History | EvaluateRequest, next: EvaluateRequest): void {
    const past = asHistory(history);
    const prev = past[0];
    if (prev === undefined) return;
    this.#observations++;
    const states = this.#typeStates(agentType);
    const from = callShape(prev);
    const to = callShape(next);
    let node = states.get(from);
    if (node === undefined) {
      if (states.size >= this.#limits.maxStates) evictLeast(states);
      node = { count: 0, edges: new Map() };
      states.set(from, node);
    }
    node.count++;
    let edge = node.edges.get(to);
    if (edge === undefined) {
      if (node.edges.size >= this.#limits.maxEdges) evictLeast(node.edges);
      edge = { count: 0, templates: [] };
      node.edges.set(to, edge);
    }
    edge.count++;
    const template = makeTemplate(past, next, this.#limits.maxExemplarChars);
    if (template === undefined) return;
    const at = edge.templates.findIndex((t) => t.id === template.id);
    if (at >= 0) edge.templates.splice(at, 1);
    edge.templates.unshift(template);
    if (edge.templates.length > this.#limits.maxExemplars) edge.templates.length = this.#limits.maxExemplars;
  }

  /**
   * Up to `k` concrete guesses of the request after `history` (the agent's requests so far, the most recent
   * first; or just the last one), most likely first (de-duplicated).
   *
   * @example
   * profiler.predict("coder", [lastRequest, before], 3).map((p) => p.request.tool?.name); // ["write_file", "run_tests", …]
   */
  predict(agentType: string, history: History | EvaluateRequest, k: number): Prediction[] {
    const past = asHistory(history);
    const current = past[0];
    if (current === undefined) return [];
    const node = this.#types.get(agentType)?.get(callShape(current));
    if (node === undefined || k <= 0) return [];
    const edges = [...node.edges.entries()].sort((a, b) => b[1].count - a[1].count);
    const out: Prediction[] = [];
    const seen = new Set<string>();
    for (let round = 0; round < this.#limits.maxExemplars && out.length < k; round++) {
      for (const [shape, edge] of edges) {
        const t = edge.templates[round];
        if (t === undefined) continue;
        const request = instantiate(t, past);
        if (request === undefined) continue;
        const key = requestKey(request);
        if (key === undefined || seen.has(key)) continue;
        seen.add(key);
        out.push({ request, key, probability: edge.count / node.count, shape });
        if (out.length >= k) break;
      }
    }
    return out;
  }

  /** Sizes, for status and tests. */
  stats(): { types: number; states: number; edges: number; templates: number; observations: number } {
    let states = 0;
    let edges = 0;
    let templates = 0;
    for (const s of this.#types.values()) {
      states += s.size;
      for (const n of s.values()) {
        edges += n.edges.size;
        for (const e of n.edges.values()) templates += e.templates.length;
      }
    }
    return { types: this.#types.size, states, edges, templates, observations: this.#observations };
  }

  #typeStates(agentType: string): Map<string, StateNode> {
    let states = this.#types.get(agentType);
    if (states !== undefined) {
      this.#types.delete(agentType);
      this.#types.set(agentType, states);
      return states;
    }
    if (this.#types.size >= this.#limits.maxTypes) this.#types.delete(this.#types.keys().next().value as string);
    states = new Map();
    this.#types.set(agentType, states);
    return states;
  }
}

function evictLeast<V extends { count: number }>(map: Map<string, V>): void {
  let least: string | undefined;
  let min = Infinity;
  for (const [k, v] of map) {
    if (v.count < min) {
      min = v.count;
      least = k;
    }
  }
  if (least !== undefined) map.delete(least);
}

/**
 * Whether a template can ever be right: free text the agent writes anew each time (a string argument with
 * whitespace that is not carried over, or an action longer than 64 characters) never repeats, so evaluating
 * such a guess would only spend CPU. The edge is still counted; only no template is kept.
 */
function guessable(request: EvaluateRequest, carries: readonly (readonly [string, number, string])[]): boolean {
  if (request.action.length > 64) return false;
  const args = request.tool?.arguments;
  if (args === undefined) return true;
  for (const k of Object.keys(args)) {
    const v = args[k];
    if (typeof v === "string" && /\s/.test(v) && !carries.some((c) => c[0] === k)) return false;
    if (v !== null && typeof v === "object" && JSON.stringify(v).length > 256) return false;
  }
  return true;
}

function asHistory(h: History | EvaluateRequest): History {
  return Array.isArray(h) ? (h as History) : [h as EvaluateRequest];
}

function makeTemplate(past: History, next: EvaluateRequest, maxChars: number): Template | undefined {
  const { request_id: _r, approval_id: _a, ...rest } = next;
  const request = rest as EvaluateRequest;
  const carries: [string, number, string][] = [];
  const nextArgs = next.tool?.arguments;
  if (nextArgs !== undefined) {
    for (const k of Object.keys(nextArgs).sort()) {
      const v = nextArgs[k];
      if (typeof v !== "string" && typeof v !== "number") continue;
      for (let lag = 0; lag < Math.min(CARRY_WINDOW, past.length); lag++) {
        const args = past[lag]?.tool?.arguments;
        if (args === undefined) continue;
        const source = args[k] === v ? k : Object.keys(args).find((j) => args[j] === v);
        if (source !== undefined) {
          carries.push([k, lag, source]);
          break;
        }
      }
    }
  }
  if (!guessable(request, carries)) return undefined;
  let id: string;
  try {
    // Identity without what is carried (agent, context, carried argument values): one template per structure.
    const blanked = nextArgs === undefined ? undefined : { ...nextArgs };
    if (blanked !== undefined) for (const [k] of carries) blanked[k] = null;
    const tool = request.tool === undefined ? undefined : { ...request.tool, arguments: blanked };
    id = canonicalJson({ r: { ...request, agent_id: "", context: undefined, tool }, c: carries });
  } catch {
    return undefined;
  }
  if (id.length > maxChars) return undefined;
  return { request, carries, id };
}

function instantiate(t: Template, past: History): EvaluateRequest | undefined {
  const current = past[0] as EvaluateRequest;
  const out: EvaluateRequest = { ...t.request, agent_id: current.agent_id };
  if (current.context !== undefined) out.context = current.context;
  else delete out.context;
  if (t.carries.length > 0 && out.tool?.arguments !== undefined) {
    const args = { ...out.tool.arguments };
    for (const [target, lag, source] of t.carries) {
      const value = past[lag]?.tool?.arguments?.[source];
      // Without the value it carried the guess would be the exemplar's own value: not a guess worth making.
      if (value === undefined) return undefined;
      args[target] = value;
    }
    out.tool = { ...out.tool, arguments: args };
  }
  return out;
}
