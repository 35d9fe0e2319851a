import { loadCloudflareSchema } from "./validate/provider-schema.ts";
const t0 = performance.now();
const s = loadCloudflareSchema();
console.log(s.providerVersion, s.resources.size, s.dataSources.size, Math.round(performance.now()-t0), "ms");
const show = (m: ReadonlyMap<string, any>, ind = "  "): string => [...m].map(([k, v]) => `${ind}${k}${v.enumValues.length ? " [" + v.enumValues.join("|") + "]" : ""}\n${v.nested.size ? show(v.nested, ind + "  ") : ""}`).join("");
for (const r of process.argv.slice(2)) { const x = s.resources.get(r) ?? s.dataSources.get(r); console.log("==", r, x ? "" : "MISSING"); if (x) { process.stdout.write(show(x.arguments)); console.log("  readable:", [...x.readable].filter(a=>!x.arguments.has(a)).join(",")); } }
