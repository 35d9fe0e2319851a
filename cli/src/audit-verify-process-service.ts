/**
 * The Node side of the workerd tests' `AUDIT_VERIFY` service binding (vitest.config.ts): workerd cannot
 * start a process, so an archive round-trip test downloads the objects from R2 itself and hands them here;
 * this writes them to a fresh directory under their R2 keys and runs the real `nethical audit verify`
 * (cli/bin/nethical.js, a separate Node process) against that directory, answering its exit code and output.
 *
 * ```
 * POST /run {"files":{"<relative path>":"<text>",…},"args":["audit","verify","--archive","{dir}/t/acme/audit",…]}
 *   → {"code":0,"stdout":"…","stderr":"…"}      ("{dir}" in args is replaced by the directory)
 * ```
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** This package's own launcher (cli/bin/nethical.js), run by the Node that runs the tests (the pinned one). */
const CLI = fileURLToPath(new URL("../bin/nethical.js", import.meta.url));

/**
 * Handle one run request from a workerd test.
 *
 * @example
 * // vitest.config.ts: miniflare: { serviceBindings: { AUDIT_VERIFY: auditVerifyProcessService } }
 * const { code } = await (await env.AUDIT_VERIFY.fetch("http://cli/run", { method: "POST", body })).json();
 */
export async function auditVerifyProcessService(request: Request): Promise<Response> {
  const body = (await request.json()) as { files?: Record<string, string>; args?: string[] };
  const dir = await mkdtemp(join(tmpdir(), "nethical-archive-"));
  try {
    for (const [path, text] of Object.entries(body.files ?? {})) {
      const target = resolve(dir, path);
      if (!target.startsWith(`${dir}/`)) return Response.json({ error: "path outside the directory" }, { status: 400 });
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    const args = (body.args ?? []).map((a) => a.replaceAll("{dir}", dir));
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [CLI, ...args], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1;
        done({ code, stdout, stderr });
      });
    });
    return Response.json(result);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
