/**
 * Test helpers for the metrics tests: parse an exposition with parse-prometheus-text-format and look samples
 * up by name and labels; check what that parser does not (it accepts some malformed lines, and merges the
 * label sets of a labelled histogram into one): every sample line's syntax, a TYPE for every family before
 * its samples, and histogram buckets cumulative up to `+Inf` = `_count`.
 */
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";

/** One sample line: the name it is written under, its labels, its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed exposition: families (name, type) and every sample by its own name. */
export interface Exposition {
  families: ParsedFamily[];
  samples: Sample[];
}

/**
 * Parse `text`. Families come from the parser as is; samples from the parser reading the histogram
 * families as untyped, so each `_bucket`/`_sum`/`_count` line keeps its labels.
 *
 * @example
 * const { families, samples } = parseExposition(await res.text());
 */
export function parseExposition(text: string): Exposition {
  const families = parsePrometheusTextFormat(text);
  const flat = parsePrometheusTextFormat(text.replace(/^(# TYPE \S+) histogram$/gm, "$1 untyped"));
  const samples = flat.flatMap((f) => f.metrics.map((m) => ({ name: f.name, labels: m.labels ?? {}, value: Number(m.value) })));
  return { families, samples };
}

/**
 * The samples written as `name` whose labels include `match`.
 *
 * @example
 * samplesOf(parsed, "nethical_decisions_total", { tenant: "acme" });
 */
export function samplesOf(parsed: Exposition, name: string, match: Record<string, string> = {}): Sample[] {
  return parsed.samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*\})? (-?[0-9.e+-]+|[+-]Inf|NaN)$/;

/**
 * What is wrong with `text` as Prometheus text format 0.0.4 (empty when nothing): sample syntax, samples of
 * undeclared families, histogram buckets not cumulative or `+Inf` not equal to `_count`.
 *
 * @example
 * expositionProblems("x 1\n"); // ["line 1: sample of a family without # TYPE: x"]
 */
export function expositionProblems(text: string): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  const buckets = new Map<string, number[]>();
  const counts = new Map<string, number>();
  text.split("\n").forEach((line, i) => {
    if (line === "") return;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type !== null) return void types.set(type[1] as string, type[2] as string);
    if (line.startsWith("#")) return;
    const m = SAMPLE_LINE.exec(line);
    if (m === null) return void problems.push(`line ${i + 1}: not a sample line: ${line}`);
    const name = m[1] as string;
    const base = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, "");
    if (!types.has(base)) return void problems.push(`line ${i + 1}: sample of a family without # TYPE: ${name}`);
    if (types.get(base) !== "histogram") return;
    const labels = (m[2] ?? "").replace(/le="[^"]*"/, "").replace("{,", "{").replace(",}", "}").replace(",,", ",").replace("{}", "");
    const series = `${base}${labels}`;
    const value = Number(m[m.length - 1]);
    if (name.endsWith("_bucket")) buckets.set(series, [...(buckets.get(series) ?? []), value]);
    if (name.endsWith("_count")) counts.set(series, value);
  });
  for (const [series, values] of buckets) {
    if (values.some((v, k) => k > 0 && v < (values[k - 1] as number))) problems.push(`${series}: buckets not cumulative`);
    if (values[values.length - 1] !== counts.get(series)) problems.push(`${series}: +Inf bucket is not _count`);
  }
  return problems;
}

/**
 * The names a PromQL query can select from `families`: a counter or gauge by its name, a histogram by
 * `<name>_bucket`, `<name>_sum` and `<name>_count`.
 *
 * @example
 * selectableNames(parseExposition(text).families); // Set {"nethical_decisions_total", "nethical_request_duration_seconds_bucket", …}
 */
export function selectableNames(families: readonly ParsedFamily[]): Set<string> {
  const names = new Set<string>();
  for (const f of families) {
    if (f.type === "HISTOGRAM") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${f.name}${suffix}`);
    else names.add(f.name);
  }
  return names;
}
