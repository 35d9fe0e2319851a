/**
 * Trigger words: the cheap first pass that keeps the detectors at a few microseconds per KB. Each rule
 * names stems that every one of its matches contains (e.g. the verbs of a "verb + victim" rule). All stems
 * are compiled into one case-insensitive automaton (a flat Int32Array transition table): word stems are
 * followed from each word start (a letter/digit/_ not preceded by one), symbol stems ("/etc/", "<|", "%0")
 * from any position. One pass per input, no regex, no per-character allocation; a rule runs only when one
 * of its stems occurred.
 */
import type { DetectorInput } from "./types.ts";

/** Character classes: 0 = not in any stem; 1–37 = word characters (a–z case-folded, 0–9, _). */
const MAX_CLASSES = 96;
const CLS = new Uint8Array(65536);
let nextClass = 1;
for (const ch of "abcdefghijklmnopqrstuvwxyz0123456789_") {
  CLS[ch.charCodeAt(0)] = nextClass;
  if (ch >= "a" && ch <= "z") CLS[ch.toUpperCase().charCodeAt(0)] = nextClass;
  nextClass++;
}
const LAST_WORD_CLASS = nextClass - 1;

const WORD_ROOT = 1;
const SYM_ROOT = 2;
let capacity = 1024;
let trans = new Int32Array(capacity * MAX_CLASSES);
let stemAt = new Int32Array(capacity); // stem id + 1, 0 = none
let states = 3;
const stemIds = new Map<string, number>();
const stems: string[] = [];
/** Gates: a gate opens when any of its stems occurs; stemGates[stemId] lists the gates a stem opens. */
const stemGates: number[][] = [];
let gateCount = 0;
/** Anchors: stems whose start positions are recorded, for rules whose matches start at one of them. */
const stemAnchors: number[][] = []; // stem id → the anchors it belongs to
let anchorCount = 0;
/**
 * Start positions per anchor from the last scan (index = anchor id), collected during the scan itself:
 * the scan runs left to right, so each list comes out sorted, and a position found twice (two stems of one
 * anchor starting at the same place, e.g. "do" and "doing") is skipped by comparing with the last entry.
 * This replaced merging per-stem lists in anchorPositions (a loop over hundreds of stem ids, a Set and a
 * sort per call) and a sparse per-stem array that V8 kept in slow dictionary mode. One dense array is reused
 * across scans; only the entries the last scan filled are reset, and each scan stores new lists, so a list
 * returned by anchorPositions is never changed afterwards.
 */
let positions: (number[] | undefined)[] = [];
const filled: number[] = [];
/** AND-gates: open when every part gate is open (computed after each scan). */
const composites: { gate: number; parts: number[] }[] = [];
let enabled = true;

function classOf(c: number): number {
  return CLS[c] ?? 0;
}

function classForRegistration(c: number): number {
  const lowerC = c >= 65 && c <= 90 ? c + 32 : c;
  const existing = classOf(lowerC);
  if (existing !== 0) return existing;
  if (nextClass >= MAX_CLASSES) throw new Error("triggers: too many distinct stem characters");
  const k = nextClass++;
  CLS[lowerC] = k;
  return k;
}

function grow(): void {
  capacity *= 2;
  const t = new Int32Array(capacity * MAX_CLASSES);
  t.set(trans);
  trans = t;
  const s = new Int32Array(capacity);
  s.set(stemAt);
  stemAt = s;
}

/**
 * Normalise a stem: lower case, and only its first word ("set aside" → "set"), which can only widen it.
 *
 * @example
 * normaliseStem("Set Aside"); // "set"
 */
export function normaliseStem(stem: string): string {
  return stem.trim().toLowerCase().split(/\s+/)[0] ?? "";
}

/**
 * Register trigger stems. Call at module load.
 *
 * @example
 * registerTriggers(["kill", "/etc/"]);
 */
export function registerTriggers(list: readonly string[]): void {
  for (const raw of list) {
    const s = normaliseStem(raw);
    if (s.length === 0 || stemIds.has(s)) continue;
    const first = s.charCodeAt(0);
    let state = classOf(first) >= 1 && classOf(first) <= LAST_WORD_CLASS ? WORD_ROOT : SYM_ROOT;
    for (let i = 0; i < s.length; i++) {
      const k = classForRegistration(s.charCodeAt(i));
      let next = trans[state * MAX_CLASSES + k] ?? 0;
      if (next === 0) {
        if (states >= capacity) grow();
        next = states++;
        trans[state * MAX_CLASSES + k] = next;
      }
      state = next;
    }
    stemIds.set(s, stems.length);
    stems.push(s);
    stemGates.push([]);
    stemAnchors.push([]);
    stemAt[state] = stems.length;
  }
}

/** Single-entry cache: the last input scanned, its stems and its open gates. */
let lastInput: DetectorInput | undefined;
let lastText = "";
let seen = new Uint8Array(0);
let open = new Uint8Array(0);

/** Scan `input.text` once (cached for the last input): marks occurred stems and opens their gates. */
function scan(input: DetectorInput): void {
  const text = input.text;
  if (input === lastInput && text === lastText && seen.length === stems.length && open.length === gateCount) return;
  if (seen.length !== stems.length) seen = new Uint8Array(stems.length);
  else seen.fill(0);
  if (open.length !== gateCount) open = new Uint8Array(gateCount);
  else open.fill(0);
  if (positions.length < anchorCount) positions = Array.from({ length: anchorCount }, () => undefined);
  else for (const id of filled) positions[id] = undefined;
  filled.length = 0;
  const n = text.length;
  const t = trans;
  const at = stemAt;
  const cls = CLS;
  let prevWord = false;
  // Typed-array reads below are always in range (classes < MAX_CLASSES, states < capacity): `as number`.
  for (let i = 0; i < n; i++) {
    const k = cls[text.charCodeAt(i)] as number;
    const word = k !== 0 && k <= LAST_WORD_CLASS;
    if (k !== 0 && (!word || !prevWord)) {
      let st = t[(word ? WORD_ROOT : SYM_ROOT) * MAX_CLASSES + k] as number;
      let j = i + 1;
      while (st !== 0) {
        const id = at[st] as number;
        if (id !== 0) hit(id - 1, i);
        if (j >= n) break;
        const kk = cls[text.charCodeAt(j++)] as number;
        if (kk === 0) break;
        st = t[st * MAX_CLASSES + kk] as number;
      }
    }
    prevWord = word;
  }
  for (const c of composites) {
    let all = 1;
    for (const p of c.parts) if (open[p] !== 1) all = 0;
    open[c.gate] = all;
  }
  lastInput = input;
  lastText = text;
}

/**
 * The open-gate bytes for `input` (index = gate id, 1 = open), or undefined when gating is off. Lets a
 * loop over many rules scan once and then read one byte per rule.
 *
 * @example
 * const open = openGates({ text: "rm -rf /" }); // open?.[gate] === 1 when the gate's stem occurred
 */
export function openGates(input: DetectorInput): Uint8Array | undefined {
  if (!enabled) return undefined;
  scan(input);
  return open;
}

/** Record stem `id` found at position `at`: open its gates once, remember the position if anchored. */
function hit(id: number, at: number): void {
  if (seen[id] === 0) {
    seen[id] = 1;
    const gates = stemGates[id] as number[];
    for (let g = 0; g < gates.length; g++) open[gates[g] as number] = 1;
  }
  const anchorsOfStem = stemAnchors[id] as number[];
  for (let a = 0; a < anchorsOfStem.length; a++) {
    const anchor = anchorsOfStem[a] as number;
    const list = positions[anchor];
    if (list === undefined) {
      positions[anchor] = [at];
      filled.push(anchor);
    } else if (list[list.length - 1] !== at) list.push(at);
  }
}

function hitsOf(input: DetectorInput): Uint8Array {
  scan(input);
  return seen;
}

/**
 * The registered stems that occur in `input.text`.
 *
 * @example
 * registerTriggers(["kill"]);
 * triggerHits({ text: "How do I KILL a process?" }).has("kill"); // true
 */
export function triggerHits(input: DetectorInput): Set<string> {
  const seen = hitsOf(input);
  const out = new Set<string>();
  for (let i = 0; i < seen.length; i++) if (seen[i] === 1) out.add(stems[i] ?? "");
  return out;
}

/** A compiled trigger gate (from compileTriggers); -1 = always open. */
export type TriggerIds = number;

/**
 * Register `list` as one gate and return its id for hitAny (the fast path: one byte read per check).
 *
 * @example
 * const gate = compileTriggers(["kill", "murder"]);
 * hitAny({ text: "kill it" }, gate); // true
 */
export function compileTriggers(list: readonly string[]): TriggerIds {
  if (list.length === 0) return -1;
  registerTriggers(list);
  const gate = gateCount++;
  for (const raw of list) {
    const id = stemIds.get(normaliseStem(raw));
    if (id !== undefined) stemGates[id]?.push(gate);
  }
  return gate;
}

/**
 * An AND of OR-gates: open only when, for every list, one of its stems occurred ("a verb and a victim").
 *
 * @example
 * const gate = compileTriggersAll([["kill", "stab"], ["someone", "people"]]);
 * hitAny({ text: "kill someone" }, gate); // true
 * hitAny({ text: "kill the process" }, gate); // false
 */
export function compileTriggersAll(lists: readonly (readonly string[])[]): TriggerIds {
  const parts = lists.filter((l) => l.length > 0).map((l) => compileTriggers(l));
  if (parts.length === 0) return -1;
  if (parts.length === 1) return parts[0] as number;
  const gate = gateCount++;
  composites.push({ gate, parts });
  return gate;
}

/**
 * Register `list` as an anchor: the start positions of its stems are recorded during the scan, so a rule
 * whose every match starts at one of these stems can be tried only there (anchorPositions).
 *
 * @example
 * const anchor = compileAnchor(["kill"]);
 * anchorPositions({ text: "kill it, kill" }, anchor); // [0, 9]
 */
export function compileAnchor(list: readonly string[]): number {
  registerTriggers(list);
  const anchor = anchorCount++;
  for (const raw of list) {
    const id = stemIds.get(normaliseStem(raw));
    if (id !== undefined) stemAnchors[id]?.push(anchor);
  }
  lastInput = undefined; // positions of newly positional stems must be collected on the next scan
  return anchor;
}

/**
 * Sorted start positions (word starts, or any position for symbol stems) of the anchor's stems in the text.
 *
 * @example
 * anchorPositions({ text: "kill it, kill" }, compileAnchor(["kill"])); // [0, 9]
 */
export function anchorPositions(input: DetectorInput, anchor: number): number[] {
  scan(input);
  return positions[anchor] ?? []; // collected sorted and without duplicates by the scan (see `positions`)
}

/** True when trigger gating is on (the default). */
export function triggersEnabled(): boolean {
  return enabled;
}

/**
 * True when any stem of the gate occurred in the input (or gating is off, or the gate is -1).
 *
 * @example
 * hitAny({ text: "rm -rf /" }, compileTriggers(["rm"])); // true
 */
export function hitAny(input: DetectorInput, gate: TriggerIds): boolean {
  if (!enabled || gate < 0) return true;
  scan(input);
  return open[gate] === 1;
}

/**
 * Turn trigger gating off (every rule runs) or back on: for tests proving gating never changes results.
 *
 * @example
 * setTriggersEnabled(false); // … run detectors …
 * setTriggersEnabled(true);
 */
export function setTriggersEnabled(on: boolean): void {
  enabled = on;
}
