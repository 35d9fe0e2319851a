import { DurableObject } from "cloudflare:workers";
export class AgentState extends DurableObject {}
export class PolicyStore extends DurableObject {}
