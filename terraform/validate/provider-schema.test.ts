import { describe, expect, it } from "vitest";
import { loadCloudflareSchema } from "./provider-schema.ts";

describe("the Cloudflare provider schema from @cdktf/provider-cloudflare", () => {
  const schema = loadCloudflareSchema();

  it("is provider v5 with its resources and data sources", () => {
    expect(schema.providerVersion).toMatch(/^5\./);
    expect(schema.resources.size).toBeGreaterThan(150);
    expect(schema.dataSources.size).toBeGreaterThan(150);
  });

  it("names arguments by their Terraform names, with nested attributes and documented enumerations", () => {
    const version = schema.resources.get("cloudflare_worker_version");
    const bindings = version?.arguments.get("bindings");
    expect(bindings?.nested.has("class_name")).toBe(true);
    expect(bindings?.nested.get("type")?.enumValues).toEqual(expect.arrayContaining(["durable_object_namespace", "secret_text", "inherit"]));
    expect(version?.arguments.get("migrations")?.nested.get("steps")?.nested.has("new_sqlite_classes")).toBe(true);
    expect(schema.resources.get("cloudflare_queue_consumer")?.arguments.get("settings")?.nested.has("max_wait_time_ms")).toBe(true);
    expect(schema.resources.get("cloudflare_workers_deployment")?.arguments.get("strategy")?.enumValues).toEqual(["percentage"]);
  });

  it("knows computed attributes that may be read but not set", () => {
    const queue = schema.resources.get("cloudflare_queue");
    expect(queue?.readable.has("queue_id")).toBe(true);
    expect(queue?.arguments.has("queue_id")).toBe(false);
    expect(schema.resources.get("cloudflare_workers_kv_namespace")?.readable.has("id")).toBe(true);
  });
});
