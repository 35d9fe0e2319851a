/**
 * Trigger words: the cheap first pass that keeps the detectors at a few microseconds per KB. Each rule
 * names stems that every one of its matches contains (e.g. the verbs of a "verb + victim" rule). All stems
 * are compiled into one case-insensitive automaton (a flat 16-bit transition table): word stems are
 * followed from each word start (a letter/digit/_ not preceded by one), symbol stems ("/etc/", "<|", "%0")
 * from any position. One pass per input, no regex, no per-character allocation; a rule runs only when one
 * of its stems occurred.
 *
 * A stem is a prefix: "kill" occurs in "killing". A stem written with a trailing `$` ("i$", "the$") occurs
 * only as a whole word: the character after it is not an ASCII letter, digit or underscore (`\w`), so
 * "i$" occurs in "I am" and "I'm" but not in "in", "it" or "instead". Use it for short, common words whose
 * rules need a word boundary after them (`\bi\s+am`, `\b(?:an?|the)\s+`): a prefix stem "i" or "a"
 * fires at every word starting with that letter, and each hit costs (whole-word "i$", "a$", "an$", "the$" in
 * the rule lists: 147 → 115 hits and 339 → 215 anchor positions per 1 KB bench text, one-off count).
 *
 * Module state, and why it is safe:
 * - The automaton, the gates and the anchors are a build-once table: the detector modules register their
 *   stems at module load (registerTriggers, compileTriggers, compileTriggersAll, compileAnchor), and the
 *   first scan seals the table; registering after that throws. From then on the table is only read, so
 *   every caller sees the same gates and the same findings.
 * - What one input's scan found (gates open, anchor positions) is a value of its own (TriggerScan), never
 *   changed after it is made; the last one is kept so that the many gate checks of one detector run share
 *   one scan. No buffer is shared between scans, and nothing one call does changes what another sees.
 * - Gating is an explicit per-input option: `gating: false` on the DetectorInput makes every gate read open
 *   (hitAny true, openGates undefined), so every rule runs everywhere. That is the reference path the
 *   gating test (bench/eval/trigger-gating.test.ts) compares against; there is no global switch.
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
// States: the stems registered at module load need about 10,400 (7,100 without the multilingual harm gate of
// harmful-concepts.ts); starting at 12,288 builds the table without growing it (each growth copied the whole
// table: a few ms of a device's cold start). Zeroed memory is only made resident where a transition is
// written: 192 bytes per state used. A state index fits 16 bits (at most 65,535 states): the table is
// 2.25 MiB, ~2 MiB of it resident (it was an Int32Array, twice that; packing it when sealed was smaller
// still but cost 6–14 ms of the first scan). harmful-concepts.test.ts checks the stems fit the initial table.
const MAX_STATES = 65_535;
let capacity = 12_288;
let trans = new Uint16Array(capacity * MAX_CLASSES);
// stem id + 1 of the prefix stem ending at a state; 0 = none; -(t + 1) = terminal t (a whole-word stem ends
// there, see termPrefix/termWhole), so the walk reads one entry per step either way
let stemAt = new Int32Array(capacity);
/** Terminal t: the prefix stem (-1: none) and the whole-word stem ending at its state. */
const termPrefix: number[] = [];
const termWhole: number[] = [];
let states = 3;
const stemIds = new Map<string, number>();
const stems: string[] = [];
/** Gates: a gate opens when any of its stems occurs; stemGates[stemId] lists the gates a stem opens. */
const stemGates: number[][] = [];
let gateCount = 0;
/** Anchors: stems whose start positions are recorded, for rules whose matches start at one of them. */
const stemAnchors: number[][] = []; // stem id → the anchors it belongs to
let anchorCount = 0;
/** AND-gates: open when every part gate is open (computed after each scan). */
const composites: { gate: number; parts: number[] }[] = [];
/** Set by the first scan: the table is complete and read-only from then on. */
let sealed = false;

function checkOpen(): void {
  if (sealed) {
    throw new Error("triggers: the trigger table is sealed by the first scan; register stems at module load");
  }
}

function classOf(c: number): number {
  return CLS[c] ?? 0;
}

function classForRegistration(c: number): number {
  checkOpen();
  const lowerC = c >= 65 && c <= 90 ? c + 32 : c;
  const existing = classOf(lowerC);
  if (existing !== 0) return existing;
  if (nextClass >= MAX_CLASSES) throw new Error("triggers: too many distinct stem characters");
  const k = nextClass++;
  CLS[lowerC] = k;
  // The capital of a non-ASCII letter (Ö for ö, Ж for ж) reads as the same class, as A–Z read as a–z: stems
  // match case-insensitively in every script, like the `i` flag of the rules they gate.
  const upper = String.fromCharCode(lowerC).toUpperCase();
  if (upper.length === 1 && upper.charCodeAt(0) !== lowerC && CLS[upper.charCodeAt(0)] === 0) CLS[upper.charCodeAt(0)] = k;
  return k;
}

function grow(): void {
  if (capacity >= MAX_STATES) throw new Error(`triggers: more than ${MAX_STATES} automaton states`);
  capacity = Math.min(capacity * 2, MAX_STATES);
  const t = new Uint16Array(capacity * MAX_CLASSES);
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
  // fast path (most stems): already one lower-case word; the regex split ran twice per stem at module load
  let plain = stem.length > 0;
  for (let i = 0; i < stem.length && plain; i++) {
    const c = stem.charCodeAt(i);
    plain = c > 32 && !(c >= 65 && c <= 90) && c < 128;
  }
  if (plain) return stem;
  return stem.trim().toLowerCase().split(/\s+/)[0] ?? "";
}

/**
 * How many automaton states the registered stems use (the table starts with room for 12,288 and doubles,
 * copying itself, when they run out).
 *
 * @example
 * triggerStates(); // 10,437 once every detector module is loaded
 */
export function triggerStates(): number {
  return states;
}

/**
 * Register trigger stems. Call at module load: after the first scan the table is sealed and this throws.
 *
 * @example
 * registerTriggers(["kill", "/etc/"]);
 */
export function registerTriggers(list: readonly string[]): void {
  checkOpen();
  for (const raw of list) {
    const s = normaliseStem(raw);
    if (s.length === 0 || stemIds.has(s)) continue;
    const whole = s.length > 1 && s.endsWith("$");
    const path = whole ? s.slice(0, -1) : s;
    const first = path.charCodeAt(0);
    let state = classOf(first) >= 1 && classOf(first) <= LAST_WORD_CLASS ? WORD_ROOT : SYM_ROOT;
    for (let i = 0; i < path.length; i++) {
      const k = classForRegistration(path.charCodeAt(i));
      let next = trans[state * MAX_CLASSES + k] ?? 0;
      if (next === 0) {
        if (states >= capacity) grow();
        next = states++;
        trans[state * MAX_CLASSES + k] = next;
      }
      state = next;
    }
    const id = stems.length;
    stemIds.set(s, id);
    stems.push(s);
    stemGates.push([]);
    stemAnchors.push([]);
    const at = stemAt[state] as number;
    if (!whole && at >= 0) stemAt[state] = id + 1;
    else if (!whole) termPrefix[-at - 1] = id;
    else if (at < 0) termWhole[-at - 1] = id;
    else {
      termPrefix.push(at - 1); // the prefix stem already ending here, or -1
      termWhole.push(id);
      stemAt[state] = -termWhole.length;
    }
  }
}

/**
 * What one scan of one text found: the open gates as a bit set (bit `g & 15` of word `g >>> 4`, in a plain
 * array of small integers: see {@link newGateSet}) and the start positions per anchor (index = anchor id), collected during the scan
 * itself: the scan runs left to right, so each list comes out sorted, and a position found twice (two stems
 * of one anchor starting at the same place, e.g. "do" and "doing") is skipped by comparing with the last
 * entry. A scan is never changed after it is made.
 */
interface TriggerScan {
  readonly text: string;
  readonly open: TriggerGates;
  readonly positions: readonly (number[] | undefined)[];
}

/** Open gates of one scan, a bit set: test a gate with {@link isGateOpen}. */
export type TriggerGates = readonly number[];

/**
 * An empty gate bit set: 16 bits a word in a plain array, whose small integers V8 keeps unboxed on its heap.
 * A Uint32Array stays on the heap only up to 64 bytes (512 gates); above that each scan allocated its set
 * off-heap, ~1.1 µs against ~60 ns for this array (one-off measurement), and the rule set has 460 gates.
 */
function newGateSet(): number[] {
  return new Array<number>((gateCount + 15) >>> 4).fill(0);
}

/**
 * The last scan and its input: the detectors of one run ask about the same input dozens of times, and this
 * answers them from one scan. It only holds an immutable value and is checked against the input object and
 * its text, so what it returns is always what a fresh scan would return. (A WeakMap per input cost more than
 * the scan itself; no buffer is reused between scans.)
 */
let last: { readonly input: DetectorInput; readonly scan: TriggerScan } | undefined;

/** The scan of `input.text`: open gates and anchor positions. */
function scanOf(input: DetectorInput): TriggerScan {
  const text = input.text;
  if (last !== undefined && last.input === input && last.scan.text === text) return last.scan;
  const open = newGateSet();
  const positions: (number[] | undefined)[] = new Array<number[] | undefined>(anchorCount).fill(undefined);
  walk(text, open, positions, undefined);
  const scan: TriggerScan = { text, open, positions };
  last = { input, scan };
  return scan;
}

/**
 * One pass of the automaton over `text`: opens gates in `open`, records anchor positions, and marks the
 * occurred stems in `seen` when given (triggerHits). Seals the table.
 */
function walk(text: string, open: number[], positions: (number[] | undefined)[], seen: Uint8Array | undefined): void {
  sealed = true;
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
        if (id > 0) hit(open, positions, seen, id - 1, i);
        else if (id < 0) {
          const prefix = termPrefix[-id - 1] as number;
          if (prefix >= 0) hit(open, positions, seen, prefix, i);
          const after = j < n ? (cls[text.charCodeAt(j)] as number) : 0;
          if (after === 0 || after > LAST_WORD_CLASS) hit(open, positions, seen, termWhole[-id - 1] as number, i);
        }
        if (j >= n) break;
        const kk = cls[text.charCodeAt(j++)] as number;
        if (kk === 0) break;
        st = t[st * MAX_CLASSES + kk] as number;
      }
    }
    prevWord = word;
  }
  for (const c of composites) {
    let all = true;
    for (const p of c.parts) if (!isGateOpen(open, p)) all = false;
    if (all) open[c.gate >>> 4] = (open[c.gate >>> 4] as number) | (1 << (c.gate & 15));
  }
}

/**
 * True when gate `gate` is open in `open` (from openGates).
 *
 * @example
 * const open = openGates({ text: "rm -rf /" });
 * open !== undefined && isGateOpen(open, gate); // true when one of the gate's stems occurred
 */
export function isGateOpen(open: TriggerGates, gate: number): boolean {
  return ((open[gate >>> 4] as number) & (1 << (gate & 15))) !== 0;
}

/**
 * The open gates of `input`, or undefined when the input says `gating: false`. Lets a loop over many rules
 * scan once and then test one bit per rule (isGateOpen).
 *
 * @example
 * const open = openGates({ text: "rm -rf /" }); // isGateOpen(open, gate) when one of the gate's stems occurred
 */
export function openGates(input: DetectorInput): TriggerGates | undefined {
  if (input.gating === false) return undefined;
  return scanOf(input).open;
}

/** Record stem `id` found at position `at`: open its gates, remember the position if anchored. */
function hit(open: number[], positions: (number[] | undefined)[], seen: Uint8Array | undefined, id: number, at: number): void {
  if (seen !== undefined) seen[id] = 1;
  const gates = stemGates[id] as number[];
  for (let g = 0; g < gates.length; g++) {
    const gate = gates[g] as number;
    open[gate >>> 4] = (open[gate >>> 4] as number) | (1 << (gate & 15));
  }
  const anchorsOfStem = stemAnchors[id] as number[];
  for (let a = 0; a < anchorsOfStem.length; a++) {
    const anchor = anchorsOfStem[a] as number;
    const list = positions[anchor];
    if (list === undefined) positions[anchor] = [at];
    else if (list[list.length - 1] !== at) list.push(at);
  }
}

/**
 * The registered stems that occur in `input.text`.
 *
 * @example
 * registerTriggers(["kill"]);
 * triggerHits({ text: "How do I KILL a process?" }).has("kill"); // true
 */
export function triggerHits(input: DetectorInput): Set<string> {
  const seen = new Uint8Array(stems.length);
  walk(input.text, newGateSet(), new Array<number[] | undefined>(anchorCount).fill(undefined), seen);
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
  checkOpen();
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
  checkOpen();
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
  checkOpen();
  registerTriggers(list);
  const anchor = anchorCount++;
  for (const raw of list) {
    const id = stemIds.get(normaliseStem(raw));
    if (id !== undefined) stemAnchors[id]?.push(anchor);
  }
  return anchor;
}

/**
 * Sorted start positions (word starts, or any position for symbol stems) of the anchor's stems in the text.
 *
 * @example
 * anchorPositions({ text: "kill it, kill" }, compileAnchor(["kill"])); // [0, 9]
 */
export function anchorPositions(input: DetectorInput, anchor: number): readonly number[] {
  return scanOf(input).positions[anchor] ?? []; // collected sorted and without duplicates (see TriggerScan)
}

/**
 * True when any stem of the gate occurred in the input (or the input says `gating: false`, or the gate is -1).
 *
 * @example
 * hitAny({ text: "rm -rf /" }, compileTriggers(["rm"])); // true
 */
export function hitAny(input: DetectorInput, gate: TriggerIds): boolean {
  if (input.gating === false || gate < 0) return true;
  return isGateOpen(scanOf(input).open, gate);
}
