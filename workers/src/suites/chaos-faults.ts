/**
 * Fault injection for the chaos suite, by wrapping the Worker's bindings — nothing in the Worker or the
 * Durable Objects knows about it, and no production configuration can switch it on: the suite calls the
 * real Hono app (`createApp().fetch`) with an `Env` whose KV namespace, AgentState and PolicyStore
 * namespaces and audit Queue are {@link Proxy}s that fail or lag as the current {@link FaultPlan} says.
 * The Durable Objects themselves, their storage, the AuditLog and the Queue consumer stay real.
 */

/** Where a fault is injected. */
export type FaultTarget = "kv" | "agent_state" | "policy_store" | "queue";

/** What the faulty bindings do right now. Mutable: the suite switches plans between rounds. */
export interface FaultPlan {
  /** Targets that fail or lag. */
  targets: ReadonlySet<FaultTarget>;
  /** Probability that one call to a target throws. */
  errorRate: number;
  /** Probability that one call to a target is delayed, and by how long (ms). */
  latencyRate: number;
  latencyMs: number;
  /** Queue only: probability that a send is delivered twice (at-least-once delivery). */
  duplicateRate: number;
  /** Which calls of a target are affected (default: all), e.g. KV reads but not API key records. */
  affects?: (target: FaultTarget, method: string, args: readonly unknown[]) => boolean;
}

/** Faults actually injected, per target and kind. */
export type FaultCounts = Record<FaultTarget, { errors: number; delays: number; duplicates: number; calls: number }>;

export const NO_FAULTS: FaultPlan = { targets: new Set(), errorRate: 0, latencyRate: 0, latencyMs: 0, duplicateRate: 0 };

/** The injected error: recognisable in logs, never a platform error. */
export class InjectedFault extends Error {
  constructor(target: FaultTarget, method: string) {
    super(`injected fault: ${target}.${method}`);
    this.name = "InjectedFault";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An `Env` whose bindings obey `plan()` (read on every call), counting what was injected into `counts`.
 *
 * @example
 * const counts = emptyCounts();
 * const faulty = faultyEnv(env, () => plan, counts);
 * await createApp().fetch(request, faulty, ctx);
 */
export function faultyEnv(base: Env, plan: () => FaultPlan, counts: FaultCounts, random: () => number = Math.random): Env {
  /** Run `call` under the plan for `target`: maybe throw, maybe wait first. */
  const guarded = async <T>(target: FaultTarget, method: string, call: () => Promise<T>, args: readonly unknown[] = []): Promise<T> => {
    const p = plan();
    counts[target].calls++;
    if (p.targets.has(target) && (p.affects === undefined || p.affects(target, method, args))) {
      if (random() < p.latencyRate) {
        counts[target].delays++;
        await sleep(p.latencyMs);
      }
      if (random() < p.errorRate) {
        counts[target].errors++;
        throw new InjectedFault(target, method);
      }
    }
    return call();
  };

  /** Every method of `object` guarded; other properties as they are. */
  const wrap = <T extends object>(object: T, target: FaultTarget): T =>
    new Proxy(object, {
      get(o, name, receiver) {
        const value = Reflect.get(o, name, receiver) as unknown;
        if (typeof value !== "function" || typeof name !== "string") return value;
        return (...args: unknown[]) => guarded(target, name, () => (value as (...a: unknown[]) => Promise<unknown>).apply(o, args), args);
      },
    });

  /** A namespace whose ids pass through and whose stubs are guarded (every RPC method). */
  const namespace = (ns: DurableObjectNamespace, target: FaultTarget): DurableObjectNamespace =>
    new Proxy(ns, {
      get(o, name, receiver) {
        const value = Reflect.get(o, name, receiver) as unknown;
        if (name === "get" || name === "getByName") {
          return (...args: unknown[]) => wrapStub((value as (...a: unknown[]) => object).apply(o, args), target);
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(o) : value;
      },
    });

  const wrapStub = (stub: object, target: FaultTarget): object =>
    new Proxy(stub, {
      get(o, name) {
        if (name === "then") return undefined; // a stub is not a thenable
        const value = Reflect.get(o, name) as unknown;
        if (typeof name !== "string" || name === "id" || name === "name") return value;
        // Called as a method of the real stub (an RPC property has no `apply` of its own).
        return (...args: unknown[]) => guarded(target, name, () => (o as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!(...args), args);
      },
    });

  const queue = base.AUDIT_QUEUE;
  const faultyQueue = {
    send: (body: unknown, options?: QueueSendOptions) =>
      guarded("queue", "send", async () => {
        await queue.send(body, options);
        if (plan().targets.has("queue") && random() < plan().duplicateRate) {
          counts.queue.duplicates++;
          await queue.send(body, options);
        }
      }),
    sendBatch: (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) =>
      guarded("queue", "sendBatch", async () => {
        const list = [...messages];
        await queue.sendBatch(list, options);
        if (plan().targets.has("queue") && random() < plan().duplicateRate) {
          counts.queue.duplicates++;
          await queue.sendBatch(list, options);
        }
      }),
  } as unknown as Queue;

  return {
    ...base,
    POLICY_KV: wrap(base.POLICY_KV, "kv"),
    AGENT_STATE: namespace(base.AGENT_STATE as unknown as DurableObjectNamespace, "agent_state") as unknown as Env["AGENT_STATE"],
    POLICY_STORE: namespace(base.POLICY_STORE as unknown as DurableObjectNamespace, "policy_store") as unknown as Env["POLICY_STORE"],
    AUDIT_QUEUE: faultyQueue,
  } as Env;
}

/**
 * Zeroed counters.
 *
 * @example
 * const counts = emptyCounts();
 */
export function emptyCounts(): FaultCounts {
  const zero = () => ({ errors: 0, delays: 0, duplicates: 0, calls: 0 });
  return { kv: zero(), agent_state: zero(), policy_store: zero(), queue: zero() };
}
