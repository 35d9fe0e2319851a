/**
 * A free TCP port on 127.0.0.1, for starting local servers (the cluster, the proxy) in tests and dev.
 */
import { createServer } from "node:net";

/**
 * Ask the OS for a port that is free right now (listen on 0, read it, close). Another process could
 * take it before it is used; callers that can listen on 0 themselves should do that instead.
 *
 * @example
 * const port = await freePort(); // e.g. 41873
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("the OS gave no port"))));
    });
  });
}
