/**
 * String form of an HLC stamp, `<wall_ms: 12 hex>.<counter: 6 hex>.<node>`, e.g.
 * `018bcfe56800.000002.eu-west`. Fixed-width lower-case hex means plain string comparison (UTF-16 code
 * units, as `<` and `Array.prototype.sort` do) gives exactly {@link compareHlc}'s order, so stamps can be
 * used as sortable SQLite keys, OR-set tags and wire values.
 */
import * as z from "zod";
import { HLC_MAX_COUNTER, HLC_MAX_WALL_MS, HLC_NODE_PATTERN, type Hlc } from "./hlc.ts";

const WALL_DIGITS = 12;
const COUNTER_DIGITS = 6;
const STAMP_PATTERN = /^([0-9a-f]{12})\.([0-9a-f]{6})\.([A-Za-z0-9._:-]{1,64})$/;

/** Thrown by {@link decodeHlc} for text that is not an encoded stamp. */
export class HlcFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HlcFormatError";
  }
}

/**
 * Encode a stamp as sortable text.
 *
 * @example
 * encodeHlc({ wall_ms: 1_700_000_000_000, counter: 2, node: "eu" }); // "018bcfe56800.000002.eu"
 */
export function encodeHlc(hlc: Hlc): string {
  if (
    !Number.isSafeInteger(hlc.wall_ms) ||
    hlc.wall_ms < 0 ||
    hlc.wall_ms > HLC_MAX_WALL_MS ||
    !Number.isSafeInteger(hlc.counter) ||
    hlc.counter < 0 ||
    hlc.counter > HLC_MAX_COUNTER ||
    !HLC_NODE_PATTERN.test(hlc.node)
  ) {
    throw new HlcFormatError("not a valid HLC stamp (wall_ms < 2^48, counter < 2^24, node [A-Za-z0-9._:-]{1,64})");
  }
  return `${hlc.wall_ms.toString(16).padStart(WALL_DIGITS, "0")}.${hlc.counter
    .toString(16)
    .padStart(COUNTER_DIGITS, "0")}.${hlc.node}`;
}

/**
 * Decode text made by {@link encodeHlc}. Throws HlcFormatError for anything else (upper-case hex, wrong widths…).
 *
 * @example
 * decodeHlc("018bcfe56800.000002.eu"); // { wall_ms: 1700000000000, counter: 2, node: "eu" }
 */
export function decodeHlc(text: string): Hlc {
  const m = STAMP_PATTERN.exec(text);
  if (m === null) {
    throw new HlcFormatError(`not an HLC stamp: expected <12 hex>.<6 hex>.<node>, got ${JSON.stringify(text.slice(0, 96))}`);
  }
  return { wall_ms: parseInt(m[1] as string, 16), counter: parseInt(m[2] as string, 16), node: m[3] as string };
}

/** Zod schema of a stamp's object form. */
export const HlcSchema = z
  .object({
    wall_ms: z.number().int().min(0).max(HLC_MAX_WALL_MS),
    counter: z.number().int().min(0).max(HLC_MAX_COUNTER),
    node: z.string().regex(HLC_NODE_PATTERN, "node id must be 1–64 characters of [A-Za-z0-9._:-]"),
  })
  .strict();

/** Zod schema of a stamp's string form; parses to the object form. */
export const HlcStringSchema = z
  .string()
  .max(96)
  .regex(STAMP_PATTERN, "expected an HLC stamp <12 hex>.<6 hex>.<node>")
  .transform((text): Hlc => decodeHlc(text));
