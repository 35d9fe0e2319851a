/**
 * "Doing vs talking about": the one place that decides whether a match is an actual request/command or a
 * mention (a definition question, an explanation, a negated or defensive statement, a quoted example, a
 * game or a story). Every detector uses it, so the behaviour is the same everywhere.
 *
 * A match gets factor 1 (doing) or TALK_FACTOR (talking); `applyTalk` then caps the score at TALK_CAP.
 */
import type { DetectorInput } from "./types.ts";

/**
 * How much talk-about context may lower a finding: "none"; "frame" (only a game/story/impossible premise);
 * "question" (only explanatory questions and quoted examples); "full" (all cues, including negation).
 */
export type TalkMode = "none" | "frame" | "question" | "full";

/** Multiplier for a match that is talked about rather than done. */
export const TALK_FACTOR = 0.3;
/** Highest score a talked-about match may keep. */
export const TALK_CAP = 0.3;

/** Whole-input facts, computed once per input and only when a talk check needs them. */
export interface Frame {
  /** The text sets the action in a game, sport, film, book or story. */
  fictional: boolean;
  /** The text rests on a physically impossible premise (on Saturn, time travel, …): not actionable. */
  absurd: boolean;
}

const EXECUTABLE_TYPES = new Set(["code_execution", "tool_call"]);
const FICTION_RE =
  /\b(?:in|for|on|from|during|of|at)\s+(?:a |an |the |my |our |this |some )?(?:(?:crime |fantasy |sci-fi |horror |spy |mystery |short )?(?:novel|book|story|stories|fiction|screenplay|comic|poem|stage play|sitcom|cartoon|anime|musical)|(?:video |board |computer |card |tabletop |chess |role-?playing )?games?|film|films|movie|movies|tv show|tv series|minecraft|gta(?: ?\d| v)?|call of duty|counter[- ]?strike|battlefield(?: \d)?|fortnite|the witcher(?: \d)?|valorant|skyrim|d&d|dungeons (?:and|&) dragons|rpg|roblox(?: studio)?|the sims|after effects|photoshop|blender|premiere(?: pro)?|final cut(?: pro)?|davinci resolve|cinema 4d|houdini|unreal(?: engine)?|unity(?:3d| engine| editor)|boxing|judo|karate|wrestling|mma|fencing|paintball|airsoft|laser tag|chess|checkers|football|baseball|basketball|tennis|the shooting range|a shooting range)\b/i;
/**
 * Game vocabulary that names a game without naming its title ("kill the final boss", "a boss fight", "respawn"),
 * and the effects of film, animation and sound work ("a smoke bomb effect", "VFX for an explosion").
 */
const GAME_TERMS_RE = /\b(?:(?:vfx|sfx|cgi)\b|(?:visual|special|sound|particle|smoke|explosion|fire|muzzle[- ]flash)\s+effects?\b|(?:bomb|explosion|gunshot|grenade)\s+(?:effect|sound effect|animation)s?\b|(?:final|end|raid|mini|level|first|last|secret)[- ]?boss(?:es)?|boss\s+(?:fight|battle|level|room)s?|respawn(?:s|ed|ing)?|speedrun\w*|my\s+(?:character|avatar|party|squad)\s+keeps?\s+dying|(?:pvp|pve|npc|npcs|mob|mobs|hp|xp|dps)\b)/i;

/**
 * The text says the action is meant for real ("in real life", "for real, not in a game"): no game or film
 * frame then. A bare "for real" is colloquial ("how do I beat the boss for real this time?") and does not count.
 */
const REAL_RE =
  /\b(?:for real(?=[^.!?\n]{0,12}\bnot\b)|in real life|in the real world|(?:outside|out of) (?:of )?the game|not\s+(?:just\s+)?(?:in|for|on|a|an|as)\b[^.!?\n]{0,40}?\b(?:games?|movies?|films?|stor(?:y|ies)|novels?|fiction|effects?|vfx|props?|minecraft|roleplay|role-play|simulation)(?=\s*(?:[,.;:!?)]|$|but\b|and\b)))/i;

const ABSURD_RE =
  /\b(?:on (?:saturn|jupiter|mars|venus|mercury|neptune|pluto|the moon|the sun)|sun's surface|in space|time ?travel|speed of light|teleport|telekinesis|levitate|black hole|other dimensions|through walls|resurrect the dead|control the weather|passage of time|breathe underwater|made of concrete)\b/i;

const EXPLAIN_RE =
  /^[\s"'“‘(\[*>-]*(?:what(?:'s|’s|\s+(?:is|are|was|were|does|do|did|happens|happened|kind|type|exactly|would|if))\b|why\b|who\b|when\b|which\b(?=[^.!?\n]*\b(?:was|were|did|had|has\s+been|have\s+been)\b)|where did\b|is it\b|is there\b|are there\b|does\b|did\b|define\b|definition\b|explain\b(?!\s+(?:how|step)\s+to\b)|describe\b(?!\s+how\s+to\b)|tell me (?:about|what|why)\b|how\s+(?:does|did|is|are|was|were|has|have|do)\b(?!\s+(?:i|we|you|one|someone)\b)|(?:can|could) you (?:explain|describe|tell me (?:about|what|why))\b|meaning of\b)/i;
const INSTRUCT_RE =
  /\b(?:how (?:do|can|could|should|would|might|may) (?:i|we|you|one|someone)\b|how to\b|(?:best|easiest|quickest|fastest|simplest|good|effective|safest) (?:way|ways|method|methods|place|strategy|strategies)\b|ways? (?:to|of)\b|steps? (?:to|for)\b|help me\b|i (?:want|need|plan|intend|would like) to\b|i(?:'m| am) going to\b|(?:write|create|generate|build|make|give me|show me|teach me|provide|implement|craft|develop)\b|where can i\b|should i\b|can i\b|could i (?:use|put|slip|mix|add|give|buy|make|get away)\b|step[- ]by[- ]step|(?:process|plan|strategy|recipe|procedure|tips?|advice)\s+(?:for|to|of|on)\b|(?:good|perfect|best|effective|easiest|simplest|ideal)\s+(?:plan|strategy|process|way|method|place|time|target|weapon|tool)s?\b|how (?:would|could) (?:i|someone|one)\b)/i;
const MENTION_RE = /\b(?:means?|meaning|stands? for|is called|refers? to|definition|example|e\.g\.|for instance|such as|do(?:es)?\s*\??$)/i;
const NEGATION_RE =
  /\b(?:don'?t|do not|does not|never|avoid(?:s|ing)?|prevent(?:s|ing)?|detect(?:s|ing)?|block(?:s|ing)?|stop(?:s|ping)?|warn(?:s|ing)? (?:about|against)|protect(?:s|ing)? against|defend(?:s|ing)? against|guard(?:s|ing)? against|mitigat\w*|instead of|rather than|without|not to|shouldn'?t|should not|must not|mustn'?t|refuse[sd]?|flag(?:s|ging)?|alert(?:s|ing)? on|is dangerous|are dangerous|recogni[sz]e|recogni[sz]ing|spot(?:ting)?|report(?:s|ing)?|identify(?:ing)?|filter(?:s|ing)?|awareness|simulated|train(?:ing)? (?:employees|staff|users))\b[^.!?\n]*$/i;

const frames = new WeakMap<DetectorInput, Frame>();

/**
 * True when the action is meant to run: action_type code_execution / tool_call, or a tool is present.
 *
 * @example
 * isExecutable({ text: "rm -rf /", action_type: "code_execution" }); // true
 */
export function isExecutable(input: DetectorInput): boolean {
  return (input.action_type !== undefined && EXECUTABLE_TYPES.has(input.action_type)) || input.tool !== undefined;
}

/**
 * The whole-input frame, cached per input object (all detectors of one run share it).
 *
 * @example
 * frameOf({ text: "How do I kill someone in Call of Duty?" }).fictional; // true
 */
export function frameOf(input: DetectorInput): Frame {
  let frame = frames.get(input);
  if (frame === undefined) {
    const head = input.text.length > 4096 ? input.text.slice(0, 4096) : input.text;
    frame = { fictional: (FICTION_RE.test(head) || GAME_TERMS_RE.test(head)) && !REAL_RE.test(head), absurd: ABSURD_RE.test(head) };
    frames.set(input, frame);
  }
  return frame;
}

/**
 * Bounds [start, end) of the sentence around a span: up to the previous/next `.`, `!`, `?` or newline,
 * at most 240 characters each way.
 *
 * @example
 * sentenceBounds("Hi. What is rm -rf? Ok.", 12, 18); // [4, 19]
 */
export function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  const minS = Math.max(0, start - 240);
  while (s > minS) {
    const c = text.charCodeAt(s - 1);
    if (c === 10 || ((c === 46 || c === 33 || c === 63) && isSpace(text.charCodeAt(s)))) break;
    s--;
  }
  let e = end;
  const maxE = Math.min(text.length, end + 240);
  while (e < maxE) {
    const c = text.charCodeAt(e);
    if (c === 10) break;
    if ((c === 46 || c === 33 || c === 63) && (e + 1 >= text.length || isSpace(text.charCodeAt(e + 1)))) {
      e++;
      break;
    }
    e++;
  }
  return [s, e];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || Number.isNaN(c);
}

/**
 * 1 when the span at [start, end) is "doing", TALK_FACTOR when it is "talking about" it under `mode`.
 *
 * @example
 * talkFactor({ text: "What does rm -rf / do?" }, 10, 17, "full"); // 0.3
 * talkFactor({ text: "rm -rf /" }, 0, 8, "full");                 // 1
 */
export function talkFactor(input: DetectorInput, start: number, end: number, mode: TalkMode): number {
  if (mode === "none") return 1;
  const text = input.text;
  if (mode === "frame") {
    const frame = frameOf(input);
    if (frame.fictional || frame.absurd) return TALK_FACTOR;
    return isTopicOfAWork(text.slice(sentenceBounds(text, start, end)[0], start)) ? TALK_FACTOR : 1;
  }
  const [s, e] = sentenceBounds(text, start, end);
  const sentence = text.slice(s, e);
  const explanatory = EXPLAIN_RE.test(sentence) && !INSTRUCT_RE.test(sentence);
  if (explanatory) return TALK_FACTOR;
  const before = text.slice(Math.max(s, start - 40), start);
  if (/(?:e\.g\.|for example|for instance|such as|like|called|named)\s*[`"'“‘]?\s*$/i.test(before) && MENTION_RE.test(sentence)) {
    return TALK_FACTOR;
  }
  if (isQuoted(text, start, end) && MENTION_RE.test(sentence)) return TALK_FACTOR;
  if (mode === "question") return 1;
  if (NEGATION_RE.test(text.slice(Math.max(s, start - 80), start))) return TALK_FACTOR;
  const frame = frameOf(input);
  if (frame.fictional || frame.absurd || isTopicOfAWork(text.slice(s, start))) return TALK_FACTOR;
  return 1;
}

/** A work that is about something rather than a way of doing it: a film, a song, a lesson, a board game … */
const WORK_ABOUT_RE =
  /\b(?:documentar(?:y|ies)|films?|movies?|podcasts?|songs?|poems?|exhibits?|exhibitions?|(?:board|card|video)\s+games?|posters?|quiz(?:zes)?|lessons?(?:\s+plans?)?|class(?:es)?|lectures?|presentations?|murals?|zines?|psas?|comics?|musicals?|plays?)\s+(?:about|on|covering)\s/gi;
/** Words after "a film about" that turn it back into instructions or advocacy ("a video on how to …"). */
const NOT_A_TOPIC_RE = /\b(?:how|ways?|steps?|instructions?|guide|tutorial|recipes?|methods?|why|should|encourag\w*|promot\w*|glorif\w*|celebrat\w*|convinc\w*|persuad\w*|justif\w*)\b/i;

/**
 * True when `before` (the sentence up to a match) ends in the topic of a work: "make a documentary about
 * [heroin]", "a board game about pirates [stealing] treasure"; not when what follows "about" asks how or
 * argues for it ("a lesson on how to [make meth]", "a song on why we should [attack] them").
 *
 * @example
 * isTopicOfAWork("How do I make a documentary about "); // true
 * isTopicOfAWork("Make a presentation on how to ");     // false
 */
export function isTopicOfAWork(before: string): boolean {
  let topicFrom = -1;
  for (const m of before.matchAll(WORK_ABOUT_RE)) topicFrom = m.index + m[0].length;
  return topicFrom >= 0 && !NOT_A_TOPIC_RE.test(before.slice(topicFrom));
}

const PROTECTIVE_RE =
  /\b(?:prevent\w*|protect\w*|report\w*|recogni[sz]\w*|warning\s+signs?|signs\s+of|(?:risks?|dangers?)\s+of|awareness|educat\w*|survivors?|victims?\s+of|therapy|therapist|counsel\w*|support\w*|hotline|helpline|crisis|cope|coping|safeguard\w*|talk\s+\w+\s+out\s+of|help\s+(?:a|my|someone|somebody|people|them|him|her|friends?|teens?|kids?|children)\b(?!\s+(?:to\s+)?(?:kill|die|end|hurt|cut|harm)))/i;

/**
 * True when the sentence around a span is protective (prevention, reporting, support, education): used for
 * self-harm and child-safety findings, where asking how to help must never look like asking how to harm.
 *
 * @example
 * protectiveContext("How can I help a friend who wants to kill themselves?", 33, 52); // true
 */
export function protectiveContext(text: string, start: number, end: number): boolean {
  const [s, e] = sentenceBounds(text, start, end);
  return PROTECTIVE_RE.test(text.slice(s, e));
}

/**
 * Combine a base score with a talk factor: doing keeps the score, talking caps it at TALK_CAP.
 *
 * @example
 * applyTalk(0.9, 1);   // 0.9
 * applyTalk(0.9, 0.3); // 0.27
 */
export function applyTalk(score: number, factor: number): number {
  return factor >= 1 ? score : Math.min(TALK_CAP, score * factor);
}

function isQuoted(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  const open = text[i];
  if (open !== '"' && open !== "'" && open !== "`" && open !== "“" && open !== "‘") return false;
  let j = end;
  while (j < text.length && text.charCodeAt(j) === 32) j++;
  const close = text[j];
  return close === open || (open === "“" && close === "”") || (open === "‘" && close === "’") || close === "?";
}
