export { AgentState, PolicyStore } from "../../durable-objects/src/index.ts";
export default {
  async fetch(): Promise<Response> {
    return new Response("ok");
  },
};
