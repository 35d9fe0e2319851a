/**
 * PII span evaluation against Presidio-labelled samples: per entity type, exact and overlap
 * precision/recall/F1. Presidio types Nethical does not detect (PERSON, LOCATION, …) are listed with their
 * gold counts and recall 0, honestly; DATE_OF_BIRTH is scored against Presidio's broader DATE_TIME.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "@nethical/core/schemas/finding.ts";
import { DATA_DIR, type PiiSample } from "./datasets.ts";
import { addCounts, matchSpans, prf, type Counts, type Prf, type TypedSpan } from "./metrics.ts";

/** Nethical PII type → the Presidio label it is scored against. */
export const PRESIDIO_LABEL: Readonly<Record<string, string>> = {
  EMAIL_ADDRESS: "EMAIL_ADDRESS",
  PHONE_NUMBER: "PHONE_NUMBER",
  US_SSN: "US_SSN",
  CREDIT_CARD: "CREDIT_CARD",
  IBAN_CODE: "IBAN_CODE",
  IP_ADDRESS: "IP_ADDRESS",
  US_BANK_NUMBER: "US_BANK_NUMBER",
  DATE_OF_BIRTH: "DATE_TIME",
  MEDICAL_RECORD_NUMBER: "MEDICAL_RECORD_NUMBER",
};

/** One row of the PII table. */
export interface PiiRow {
  label: string;
  detected_as: string | null;
  gold: number;
  predicted: number;
  exact: Counts & Prf;
  overlap: Counts & Prf;
  note?: string;
}

/**
 * Evaluate `detect` on Presidio samples: one row per label seen in gold or predictions.
 *
 * @example
 * evaluatePii([{ text: "a@b.co", spans: [{ type: "EMAIL_ADDRESS", start: 0, end: 6 }] }], detectPii)[0].exact.f1; // 1
 */
export function evaluatePii(samples: readonly PiiSample[], detect: (text: string) => Finding[]): PiiRow[] {
  const ours = new Map(Object.entries(PRESIDIO_LABEL).map(([k, v]) => [v, k]));
  const exact = new Map<string, Counts>();
  const overlap = new Map<string, Counts>();
  const gold = new Map<string, number>();
  const predicted = new Map<string, number>();
  const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
  for (const s of samples) {
    const pred: TypedSpan[] = detect(s.text)
      .filter((f) => PRESIDIO_LABEL[f.type] !== undefined && (f.field === undefined || f.field === "action"))
      .map((f) => ({ type: PRESIDIO_LABEL[f.type] as string, start: f.start, end: f.end }));
    const labels = new Set([...s.spans.map((g) => g.type), ...pred.map((p) => p.type)]);
    for (const label of labels) {
      const g = s.spans.filter((x) => x.type === label);
      const p = pred.filter((x) => x.type === label);
      gold.set(label, (gold.get(label) ?? 0) + g.length);
      predicted.set(label, (predicted.get(label) ?? 0) + p.length);
      exact.set(label, addCounts(exact.get(label) ?? zero(), matchSpans(g, p, "exact")));
      overlap.set(label, addCounts(overlap.get(label) ?? zero(), matchSpans(g, p, "overlap")));
    }
  }
  const rows: PiiRow[] = [];
  for (const label of [...gold.keys(), ...predicted.keys()].filter((v, i, a) => a.indexOf(v) === i).sort()) {
    const e = exact.get(label) ?? zero();
    const o = overlap.get(label) ?? zero();
    const detectedAs = ours.get(label) ?? null;
    const row: PiiRow = {
      label,
      detected_as: detectedAs,
      gold: gold.get(label) ?? 0,
      predicted: predicted.get(label) ?? 0,
      exact: { ...e, ...prf(e) },
      overlap: { ...o, ...prf(o) },
    };
    if (detectedAs === null) row.note = "not detected by Nethical (no detector for this entity)";
    else if (label === "DATE_TIME") row.note = "only dates of birth are detected (DATE_OF_BIRTH); other dates are not PII here";
    rows.push(row);
  }
  return rows;
}

/**
 * The project's own labelled PII sentences (bench/data/pii_written.json: phones in international and national
 * formats, look-alikes, IPs in network commands and in records). A development set: the rules were tuned on it.
 *
 * @example
 * loadWrittenPii().length; // 50
 */
export function loadWrittenPii(): PiiSample[] {
  return JSON.parse(readFileSync(join(DATA_DIR, "pii_written.json"), "utf8")) as PiiSample[];
}
