/**
 * Test support (not exported from the package): a simulated network of policy-state replicas driven by a
 * random script of edits and message events. Every message goes through the real wire format (JSON text),
 * and may be delivered late, twice, or never. An independent model of add-wins membership
 * (membership-model.ts) is kept alongside, so tests check the CRDT against the definition, not itself.
 */
import { canonicalJson } from "../../util/canonical-json.ts";
import { compareHlc, type Hlc } from "../hlc.ts";
import { POLICY_LIFECYCLE_STATUSES, type PolicyDocumentVersion } from "../policy-document.ts";
import { createReplica, type PolicyReplica, replicaActivate, replicaReceive, replicaRemove, replicaWrite } from "../replica.ts";
import { deltaSince } from "../delta.ts";
import { policyDeltaFromWire, policyDeltaToWire, policyStateToWire } from "../wire.ts";
import { POLICY_IDS, type Step } from "./steps.ts";
import { emptyKnowledge, modelAdd, modelJoin, type ModelKnowledge, modelPresent, modelRemove } from "./membership-model.ts";

/** One write as the writer made it: what "some replica wrote" means. */
export interface WriteRecord {
  readonly policy_id: string;
  readonly stamp: Hlc;
  readonly canonical: string;
}

interface Message {
  readonly to: number;
  readonly text: string;
  readonly model: ModelKnowledge;
}

export interface Network {
  replicas: PolicyReplica[];
  queue: Message[];
  writes: WriteRecord[];
  activations: { stamp: Hlc; canonical: string }[];
  model: ModelKnowledge[];
  time: number;
  skews: number[];
}

/**
 * A network of `n` replicas named r0…, clock `i` skewed by `skews[i]` ms.
 *
 * @example
 * const net = createNetwork(3, [0, 400, -400]);
 */
export function createNetwork(n: number, skews: readonly number[] = []): Network {
  const replicas = Array.from({ length: n }, (_, i) => createReplica(`r${i}`));
  const model = replicas.map(() => emptyKnowledge());
  return { replicas, queue: [], writes: [], activations: [], model, time: 1_700_000_000_000, skews: [...skews] };
}

const nowAt = (net: Network, i: number) => net.time + (net.skews[i] ?? 0);
const replicaAt = (net: Network, i: number) => net.replicas[i] as PolicyReplica;

/**
 * Apply one scripted step.
 *
 * @example
 * for (const step of steps) runStep(net, step);
 */
export function runStep(net: Network, step: Step): void {
  switch (step.kind) {
    case "write": {
      net.time += step.dt;
      const policyId = POLICY_IDS[step.policy] as string;
      const version = net.writes.length + 1;
      const doc: PolicyDocumentVersion = {
        policy_id: policyId,
        version,
        status: POLICY_LIFECYCLE_STATUSES[step.status] ?? "quarantine",
        policy: { name: `${policyId} by r${step.at}`, rules: [{ id: `rule-${version}`, then: { decision: "BLOCK" } }] },
        author: `r${step.at}`,
      };
      const next = replicaWrite(replicaAt(net, step.at), policyId, doc, nowAt(net, step.at));
      net.replicas[step.at] = next;
      net.writes.push({ policy_id: policyId, stamp: next.clock, canonical: canonicalJson(doc) });
      net.model[step.at] = modelAdd(net.model[step.at] as ModelKnowledge, `add-${version}`, policyId);
      return;
    }
    case "remove": {
      net.time += step.dt;
      const policyId = POLICY_IDS[step.policy] as string;
      net.replicas[step.at] = replicaRemove(replicaAt(net, step.at), policyId, nowAt(net, step.at));
      net.model[step.at] = modelRemove(net.model[step.at] as ModelKnowledge, policyId);
      return;
    }
    case "activate": {
      net.time += step.dt;
      const pointer = step.policy === null ? null : { policy_id: POLICY_IDS[step.policy] as string, version: 1 };
      const next = replicaActivate(replicaAt(net, step.at), pointer, nowAt(net, step.at));
      net.replicas[step.at] = next;
      net.activations.push({ stamp: next.clock, canonical: canonicalJson(pointer) });
      return;
    }
    case "send": {
      if (step.from === step.to) return;
      const delta = deltaSince(replicaAt(net, step.from).state, replicaAt(net, step.to).state.vv);
      const text = JSON.stringify(policyDeltaToWire(delta));
      net.queue.push({ to: step.to, text, model: net.model[step.from] as ModelKnowledge });
      return;
    }
    case "deliver": {
      if (net.queue.length === 0) return;
      const [message] = net.queue.splice(step.pick % net.queue.length, 1) as [Message];
      deliver(net, message);
      return;
    }
    case "duplicate": {
      if (net.queue.length === 0) return;
      net.queue.push(net.queue[step.pick % net.queue.length] as Message);
      return;
    }
    case "drop": {
      if (net.queue.length > 0) net.queue.splice(step.pick % net.queue.length, 1);
      return;
    }
  }
}

function deliver(net: Network, message: Message): void {
  const delta = policyDeltaFromWire(JSON.parse(message.text));
  net.replicas[message.to] = replicaReceive(replicaAt(net, message.to), delta, nowAt(net, message.to));
  net.model[message.to] = modelJoin(net.model[message.to] as ModelKnowledge, message.model);
}

/**
 * Everyone sends to everyone and every message is delivered, until nothing changes. Returns the rounds.
 *
 * @example
 * fullExchange(net); // every replica now holds the same state
 */
export function fullExchange(net: Network): number {
  const n = net.replicas.length;
  for (let round = 1; round <= n + 1; round++) {
    const before = net.replicas.map((r) => canonicalJson(policyStateToWire(r.state)));
    for (let from = 0; from < n; from++) {
      for (let to = 0; to < n; to++) {
        if (from === to) continue;
        runStep(net, { kind: "send", from, to });
        deliver(net, net.queue.pop() as Message);
      }
    }
    const after = net.replicas.map((r) => canonicalJson(policyStateToWire(r.state)));
    if (after.every((s, i) => s === before[i])) return round;
  }
  return n + 1;
}

/**
 * Policies present according to the independent add-wins model, after everything is known everywhere.
 *
 * @example
 * expect(listPolicyIds(net.replicas[0]!.state)).toEqual(modelMembers(net));
 */
export function modelMembers(net: Network): string[] {
  return modelPresent(net.model.reduce(modelJoin));
}

/**
 * The write with the greatest stamp for each policy: what LWW must keep.
 *
 * @example
 * lastWrites(net).get("p-alpha")?.canonical; // the document every replica must end with
 */
export function lastWrites(net: Network): Map<string, WriteRecord> {
  const last = new Map<string, WriteRecord>();
  for (const w of net.writes) {
    const seen = last.get(w.policy_id);
    if (seen === undefined || compareHlc(w.stamp, seen.stamp) > 0) last.set(w.policy_id, w);
  }
  return last;
}

/**
 * The activation with the greatest stamp, as canonical JSON, or undefined when none happened.
 *
 * @example
 * lastActivation(net); // '{"policy_id":"p-beta","version":1}'
 */
export function lastActivation(net: Network): string | undefined {
  let last: { stamp: Hlc; canonical: string } | undefined;
  for (const a of net.activations) if (last === undefined || compareHlc(a.stamp, last.stamp) > 0) last = a;
  return last?.canonical;
}
