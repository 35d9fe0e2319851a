import { describe, expect, it } from "vitest";
import { listeningSockets, workerdRole } from "./load-inspector.ts";

describe("load-inspector", () => {
  it("tells the Worker's workerd (inspector flag) from wrangler's proxy", () => {
    expect(workerdRole("workerd\0serve\0--inspector-addr=127.0.0.1:0\0config.capnp\0")).toBe("worker");
    expect(workerdRole("workerd\0serve\0--binary\0config.capnp\0")).toBe("proxy");
  });

  it("reads listening sockets from /proc/net/tcp and skips the others", () => {
    const table = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:2405 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1",
      "   1: 0100007F:9C40 0100007F:2405 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1",
    ].join("\n");
    expect(listeningSockets(table)).toEqual([{ port: 0x2405, inode: 4242 }]);
  });
});
