import http from "node:http";
import https from "node:https";
import type { TCheckedUrl } from "./url-guard";

// Kept-alive connections for callers that talk to the same endpoints over and over (webhook deliveries).
// Each agent belongs to one checked address (scheme, host name, address, port), so a pooled socket
// always leads where the guard approved: when DNS moves the name, the check gives a new address and a
// new agent, and the old one is never asked for a connection to the new place.

const MAX_AGENTS = 128;
/** Idle sockets close before a typical server's keep-alive timeout (Node's is 5 s), so a reused socket is not one the peer is closing. */
const IDLE_MS = 4_000;
const agents = new Map<string, http.Agent>();

export function pooledAgent(target: TCheckedUrl): http.Agent {
  const port = target.url.port || (target.url.protocol === "https:" ? "443" : "80");
  const key = `${target.url.protocol}//${target.hostname}@${target.address}:${port}`;
  const found = agents.get(key);
  if (found) {
    agents.delete(key); // most recently used last: eviction takes the oldest
    agents.set(key, found);
    return found;
  }
  const Agent = target.url.protocol === "https:" ? https.Agent : http.Agent;
  const agent = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: IDLE_MS, scheduling: "lifo" });
  agents.set(key, agent);
  if (agents.size > MAX_AGENTS) {
    const [oldKey, old] = agents.entries().next().value!;
    agents.delete(oldKey);
    old.destroy();
  }
  return agent;
}

/** Closes every pooled connection (tests, shutdown). */
export function closePooledAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}
