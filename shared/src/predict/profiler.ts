/**
 * PatternProfiler: per agent type, a first-order Markov model over tool-call shapes ({@link callShape}),
 * learnt online, and concrete guesses of the next request.
 *
 * Each edge (shape → next shape) keeps a count and up to `maxExemplars` templates: a recent next request
 * with its arguments that repeated a value of the request before it recorded as carries (the next
 * `write_file.path` is the `read_file.path` just read; `refund.order_id` is the looked-up order). A guess
 * instantiates a template with the current request's values, agent id and context.
 *
 * Bounded memory: at most `maxTypes` agent types × `maxStates` shapes × `maxEdges` edges × `maxExemplars`
 * templates, and a template is kept only if its canonical request is at most `maxExemplarChars` characters.
 * With the defaults (8 × 64 × 6 × 3, 1,024 characters) that is at most 9,216 templates (≈ 19 MB of UTF-16
 * text in the worst case, a few hundred KB in practice). When full, the least-seen state or edge is
 * replaced and the least-recently-seen agent type is dropped.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { callShape } from "./call-shape.ts";

export interface ProfilerLimits {
  maxTypes: number;
  maxStates: number;
  maxEdges: number;
  maxExemplars: number;
  maxExemplarChars: number;
}

export const DEFAULT_PROFILER_LIMITS: Readonly<ProfilerLimits> = Object.freeze({ maxTypes: 8, maxStates: 64, maxEdges: 6, maxExemplars: 3, maxExemplarChars: 1024 });

/** A next request seen after a request of the edge's source shape, with the argument values it carried over. */
interface Template {
  request: EvaluateRequest;
  /** [argument of the next request, argument of the previous request it equalled]. */
  carries: readonly (readonly [string, string])[];
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

/** One guess: a concrete request and the estimated probability of its shape. */
export interface Prediction {
  request: EvaluateRequest;
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

  /** Learn that `next` followed `prev` for an agent of `agentType`. */
  observe(agentType: string, prev: EvaluateRequest, next: EvaluateRequest): void {
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
    const template = makeTemplate(prev, next, this.#limits.maxExemplarChars);
    if (template === undefined) return;
    const at = edge.templates.findIndex((t) => t.id === template.id);
    if (at >= 0) edge.templates.splice(at, 1);
    edge.templates.unshift(template);
    if (edge.templates.length > this.#limits.maxExemplars) edge.templates.length = this.#limits.maxExemplars;
  }

  /**
   * Up to `k` concrete guesses of the request after `current`, most likely first (de-duplicated).
   *
   * @example
   * profiler.predict("coder", lastRequest, 3).map((p) => p.request.tool?.name); // ["write_file", "run_tests", …]
   */
  predict(agentType: string, current: EvaluateRequest, k: number): Prediction[] {
    const node = this.#types.get(agentType)?.get(callShape(current));
    if (node === undefined || k <= 0) return [];
    const edges = [...node.edges.entries()].sort((a, b) => b[1].count - a[1].count);
    const out: Prediction[] = [];
    const seen = new Set<string>();
    for (let round = 0; round < this.#limits.maxExemplars && out.length < k; round++) {
      for (const [shape, edge] of edges) {
        const t = edge.templates[round];
        if (t === undefined) continue;
        const request = instantiate(t, current);
        const id = canonicalJson(request);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ request, probability: edge.count / node.count, shape });
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

function makeTemplate(prev: EvaluateRequest, next: EvaluateRequest, maxChars: number): Template | undefined {
  const { request_id: _r, approval_id: _a, ...rest } = next;
  const request = rest as EvaluateRequest;
  const carries: [string, string][] = [];
  const nextArgs = next.tool?.arguments;
  const prevArgs = prev.tool?.arguments;
  if (nextArgs !== undefined && prevArgs !== undefined) {
    for (const k of Object.keys(nextArgs).sort()) {
      const v = nextArgs[k];
      if (typeof v !== "string" && typeof v !== "number") continue;
      if (prevArgs[k] === v) carries.push([k, k]);
      else {
        const source = Object.keys(prevArgs).find((j) => prevArgs[j] === v);
        if (source !== undefined) carries.push([k, source]);
      }
    }
  }
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

function instantiate(t: Template, current: EvaluateRequest): EvaluateRequest {
  const out: EvaluateRequest = { ...t.request, agent_id: current.agent_id };
  if (current.context !== undefined) out.context = current.context;
  else delete out.context;
  const curArgs = current.tool?.arguments;
  if (t.carries.length > 0 && out.tool?.arguments !== undefined && curArgs !== undefined) {
    const args = { ...out.tool.arguments };
    for (const [target, source] of t.carries) if (curArgs[source] !== undefined) args[target] = curArgs[source];
    out.tool = { ...out.tool, arguments: args };
  }
  return out;
}
