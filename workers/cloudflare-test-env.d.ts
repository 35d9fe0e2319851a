// Types of the `cloudflare:test` module used by the workerd tests (workers/** and durable-objects/**).
/// <reference types="@cloudflare/vitest-plugin/types" />
