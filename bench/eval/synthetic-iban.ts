/**
 * The synthetic IBAN set (bench/data/synthetic-iban.json): generated here, not public data. Sentences
 * with IBANs of several countries, printed plain or in groups of four; half have a valid mod-97 checksum
 * (labelled IBAN_CODE) and half a broken one (not labelled: a detector must reject them). Deterministic
 * (fixed seed); regenerate with `node bench/eval/synthetic-iban.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR, type PiiSample } from "./datasets.ts";

const FILE = join(DATA_DIR, "synthetic-iban.json");
const COUNTRIES: [string, number][] = [["DE", 18], ["GB", 18], ["FR", 23], ["ES", 20], ["NL", 14], ["IT", 23], ["BE", 12], ["CH", 17]];
const TEMPLATES = [
  "Please wire the deposit to IBAN {} before Friday.",
  "Beneficiary account: {} (reference INV-2291).",
  "My bank details are {}, thanks!",
  "Refund the customer to {} and close the ticket.",
];

function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

function numeric(s: string): string {
  return [...s].map((c) => (c >= "A" && c <= "Z" ? String(c.charCodeAt(0) - 55) : c)).join("");
}

/**
 * A valid IBAN for a country and BBAN (check digits computed), or a broken one (check digits shifted).
 *
 * @example
 * makeIban("DE", "370400440532013000", true); // "DE89370400440532013000"
 */
export function makeIban(country: string, bban: string, valid: boolean): string {
  const check = 98 - mod97(numeric(`${bban}${country}00`));
  const digits = valid ? check : ((check + 1) % 97) + 2;
  return `${country}${String(digits).padStart(2, "0")}${bban}`;
}

/**
 * Generate the samples (Presidio-style spans; only valid IBANs are gold).
 *
 * @example
 * generateIbanSamples(8).length; // 8
 */
export function generateIbanSamples(count: number, seed = 6): PiiSample[] {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
  const out: PiiSample[] = [];
  for (let i = 0; i < count; i++) {
    const [cc, len] = COUNTRIES[i % COUNTRIES.length] as [string, number];
    let bban = "";
    while (bban.length < len) bban += String(next() % 10);
    const valid = i % 2 === 0;
    const raw = makeIban(cc, bban, valid);
    const iban = i % 4 < 2 ? raw : (raw.match(/.{1,4}/g) ?? []).join(" ");
    const tpl = TEMPLATES[i % TEMPLATES.length] as string;
    const start = tpl.indexOf("{}");
    out.push({ text: tpl.replace("{}", iban), spans: valid ? [{ type: "IBAN_CODE", start, end: start + iban.length }] : [] });
  }
  return out;
}

/**
 * Load the committed synthetic IBAN set.
 *
 * @example
 * loadSyntheticIban().length; // 40
 */
export function loadSyntheticIban(): PiiSample[] {
  return JSON.parse(readFileSync(FILE, "utf8")) as PiiSample[];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(FILE, `${JSON.stringify(generateIbanSamples(40), null, 1)}\n`);
  console.log(`wrote ${FILE}`);
}
