/**
 * Test helpers for the metrics tests: parse an exposition with parse-prometheus-text-format (a parser that
 * refuses malformed text) and look series up by name and labels.
 */
import parsePrometheusTextFormat, { type ParsedFamily, type ParsedSample } from "parse-prometheus-text-format";

/**
 * Parse `text`; throws when it is not valid Prometheus text format.
 *
 * @example
 * const families = parseExposition(await res.text());
 */
export function parseExposition(text: string): ParsedFamily[] {
  return parsePrometheusTextFormat(text);
}

/**
 * The samples of family `name` whose labels include `match`.
 *
 * @example
 * samples(families, "nethical_decisions_total", { tenant: "acme" });
 */
export function samples(families: readonly ParsedFamily[], name: string, match: Record<string, string> = {}): ParsedSample[] {
  const family = families.find((f) => f.name === name);
  return (family?.metrics ?? []).filter((m) => Object.entries(match).every(([k, v]) => m.labels?.[k] === v));
}

/**
 * The names a PromQL query can select from `families`: a counter or gauge by its name, a histogram by
 * `<name>_bucket`, `<name>_sum` and `<name>_count`.
 *
 * @example
 * selectableNames(parseExposition(text)); // Set {"nethical_decisions_total", "nethical_request_duration_seconds_bucket", …}
 */
export function selectableNames(families: readonly ParsedFamily[]): Set<string> {
  const names = new Set<string>();
  for (const f of families) {
    if (f.type === "HISTOGRAM") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${f.name}${suffix}`);
    else names.add(f.name);
  }
  return names;
}
