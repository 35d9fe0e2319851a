/**
 * Worker entry point: the Hono app as the fetch handler, and the Durable Object classes that
 * wrangler.toml binds (AGENT_STATE → AgentState, POLICY_STORE → PolicyStore).
 */
import { createApp } from "./app.ts";

export { AgentState, PolicyStore } from "../../durable-objects/src/index.ts";

const app = createApp();

export default app satisfies ExportedHandler<Env>;
