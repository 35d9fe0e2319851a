/**
 * A cgroup v1 memory group for tests and the bench: the way an init system enforces a memory budget
 * (systemd's `MemoryMax=`), so "the device fits in 64 MB" can be checked as "the device keeps answering
 * inside a 64 MiB memory cgroup and is not OOM-killed", not only read off RSS.
 *
 * What a v1 memory cgroup charges: the anonymous memory of its processes, kernel memory they allocate, and
 * each page-cache page to the cgroup whose process first brought it into memory. Pages of the Node binary
 * that another cgroup already has cached (any other Node process on the machine) are mapped without being
 * charged here; {@link dropPageCache} and {@link uncachedCopy} are the two ways to have them charged.
 * Clean file pages (binary code) are reclaimable: at the limit the kernel evicts them and faults them in
 * again, so only anonymous and kernel memory can end in an OOM kill.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where the v1 memory controller is mounted on a usual Linux system. */
export const MEMORY_CGROUP_ROOT = "/sys/fs/cgroup/memory";

/** Whether memory cgroups can be made here, and if not, why. */
export type CgroupSupport = { ok: true } | { ok: false; reason: string };

/** The counters of a memory cgroup that say whether the limit held and what was charged. */
export interface CgroupReading {
  limit_bytes: number;
  usage_bytes: number;
  max_usage_bytes: number;
  /** How many times the usage hit the limit (each one makes the kernel reclaim). */
  failcnt: number;
  /** Peak memory + swap, when the kernel accounts swap (`memory.memsw.*`). */
  memsw_max_usage_bytes: number | null;
  /** Processes the OOM killer killed in this group (`memory.oom_control` oom_kill; null on old kernels). */
  oom_kill: number | null;
  under_oom: boolean;
  /** `memory.stat` (bytes): rss = anonymous, cache = page cache, mapped_file = the part of it mapped. */
  stat: Record<string, number>;
}

/** A memory cgroup made by {@link createMemoryCgroup}. */
export interface MemoryCgroup {
  path: string;
  limitBytes: number;
  /** Whether memory + swap was limited too (`memory.memsw.limit_in_bytes` present). */
  memsw: boolean;
  /** A command prefix that moves itself into this group and then `exec`s its arguments (children inherit it). */
  prefix: string[];
  read(): CgroupReading;
  /** Remove the group (waits up to `ms` for its processes to be gone). */
  remove(ms?: number): Promise<void>;
}

/**
 * Whether this process can make memory cgroups (root, a writable v1 memory controller at `root`).
 *
 * @example
 * const s = memoryCgroupSupport(); if (!s.ok) console.log(`skipped: ${s.reason}`);
 */
export function memoryCgroupSupport(root: string = MEMORY_CGROUP_ROOT): CgroupSupport {
  if (process.platform !== "linux") return { ok: false, reason: `cgroups are Linux only (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: "making a cgroup needs root (this process is not)" };
  if (!existsSync(join(root, "memory.limit_in_bytes"))) {
    return { ok: false, reason: `no cgroup v1 memory controller at ${root} (cgroup v2 only, or not mounted)` };
  }
  const probe = join(root, `nethical-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `cannot make a cgroup under ${root}: ${(e as Error).message}` };
  }
}

const readNumber = (file: string): number => Number(readFileSync(file, "utf8").trim());

function readKeyValues(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [k, v] = line.split(" ");
    if (k && v !== undefined) out[k] = Number(v);
  }
  return out;
}

/**
 * Make a memory cgroup `name` under `root` limited to `limitBytes` (memory + swap as well where the kernel
 * accounts swap, so the limit cannot be dodged by swapping). Start a process in it with `prefix`.
 *
 * @example
 * const cg = createMemoryCgroup("nethical-edge-test-1", 64 * 1024 * 1024);
 * spawn(cg.prefix[0], [...cg.prefix.slice(1), "node", "app.js"]); … cg.read().failcnt; await cg.remove();
 */
export function createMemoryCgroup(name: string, limitBytes: number, root: string = MEMORY_CGROUP_ROOT): MemoryCgroup {
  const path = join(root, name);
  mkdirSync(path);
  // memory first: memsw may never be below it.
  writeFileSync(join(path, "memory.limit_in_bytes"), String(limitBytes));
  const memsw = existsSync(join(path, "memory.memsw.limit_in_bytes"));
  if (memsw) writeFileSync(join(path, "memory.memsw.limit_in_bytes"), String(limitBytes));
  const read = (): CgroupReading => {
    const oom = readKeyValues(join(path, "memory.oom_control"));
    return {
      limit_bytes: readNumber(join(path, "memory.limit_in_bytes")),
      usage_bytes: readNumber(join(path, "memory.usage_in_bytes")),
      max_usage_bytes: readNumber(join(path, "memory.max_usage_in_bytes")),
      failcnt: readNumber(join(path, "memory.failcnt")),
      memsw_max_usage_bytes: memsw ? readNumber(join(path, "memory.memsw.max_usage_in_bytes")) : null,
      oom_kill: oom.oom_kill ?? null,
      under_oom: oom.under_oom === 1,
      stat: readKeyValues(join(path, "memory.stat")),
    };
  };
  const remove = async (ms = 10_000) => {
    const end = Date.now() + ms;
    for (;;) {
      try {
        rmdirSync(path);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return;
        if (code !== "EBUSY" || Date.now() > end) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  return {
    path,
    limitBytes,
    memsw,
    prefix: ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', path],
    read,
    remove,
  };
}

/**
 * Ask the kernel to drop clean, unmapped page cache (`/proc/sys/vm/drop_caches`), so that pages a process
 * started next reads are charged to its cgroup. Pages mapped by a running process (the Node binary under
 * any Node process, including the one running this) stay. Returns whether the write was accepted.
 *
 * @example
 * const dropped = dropPageCache(); // false in most containers (read-only /proc/sys)
 */
export function dropPageCache(): boolean {
  try {
    spawnSync("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "1");
    return true;
  } catch {
    return false;
  }
}

/**
 * Copy `file` (the Node binary) to `to` and evict the copy from the page cache (`dd oflag=nocache`), so a
 * process started from the copy faults in, and is charged for, every page of it it touches: no other
 * process shares the copy's pages. Returns the copy's resident bytes afterwards (`fincore`; null when the
 * tool is missing).
 *
 * @example
 * const resident = uncachedCopy(process.execPath, "/tmp/x/node"); // 0
 */
export function uncachedCopy(file: string, to: string): number | null {
  copyFileSync(file, to);
  chmodSync(to, 0o755);
  const dd = spawnSync("dd", [`of=${to}`, "oflag=nocache", "conv=notrunc,fdatasync", "count=0"], { stdio: "ignore" });
  if (dd.status !== 0) throw new Error(`dd could not evict ${to} from the page cache (exit ${dd.status})`);
  const fc = spawnSync("fincore", ["--bytes", "--noheadings", "--output", "RES", to], { encoding: "utf8" });
  return fc.status === 0 ? Number(fc.stdout.trim()) : null;
}
