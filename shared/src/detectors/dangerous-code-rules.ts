/**
 * Pattern rules for dangerous commands and code (type DANGEROUS_CODE). Commands that need a look at their
 * arguments (rm targets, DELETE without WHERE, git push targets) live in dangerous-code-parse.ts.
 * Natural-language requests ("write a reverse shell") are included with slightly lower scores; all rules use
 * talk mode "full" (questions, negation, quotes in explanations, fiction lower them).
 */
import { registerRules, type PatternRule } from "./rules.ts";
import { verbAlternation } from "./verbs.ts";

const F = "full" as const;
const DISK = "(?:sd[a-z]|nvme\\d\\w*|hd[a-z]|xvd[a-z]|vd[a-z]|disk\\d+|mmcblk\\d\\w*|md\\d+|dm-\\d+|mapper\\/)";
const MAKE = verbAlternation(["write", "create", "generate", "build", "give me", "make", "establish", "spawn", "open", "set up", "implement",
  "code", "execute", "craft", "develop", "provide", "launch", "run", "get", "obtain", "achieve", "perform", "demonstrate", "exploit", "gain", "trigger"]);

/** DANGEROUS_CODE rules by subtype. */
export const DANGEROUS_CODE_RULES: readonly PatternRule[] = registerRules([
  // recursive_delete (rm is parsed separately)
  { subtype: "recursive_delete", re: /\bRemove-Item\b[^\n;|]{0,200}?-Recurse\b/gi, score: 0.7, talk: F , triggers: ["remove-item"]},
  { subtype: "recursive_delete", re: /\b(?:rd|rmdir)\s+\/s\b[^\n]{0,40}?\b[A-Za-z]:\\(?=\s|$|\*|")/gi, score: 0.9, talk: F , triggers: ["rd", "rmdir"]},
  { subtype: "recursive_delete", re: /\bdel\s+(?:\/[a-z]\s+){1,5}[A-Za-z]:\\\*?/gi, score: 0.85, talk: F , triggers: ["del"], anchored: true}, // anchored (speed): matches start at "del"
  {
    subtype: "recursive_delete",
    re: /\bshutil\.rmtree\(\s*(?:r?["'](?:\/|~\/?|\/home|\/etc|\/var|\/usr|[A-Za-z]:[\\\/]{1,2})["']|os\.path\.expanduser\(\s*["']~["']\s*\)|(?:pathlib\.)?Path\.home\(\))/g,
    score: 0.95,
    talk: F, triggers: ["shutil"],
  },
  { subtype: "recursive_delete", re: /\bfs(?:\.promises)?\.(?:rmSync|rm|rmdirSync)\(\s*["'](?:\/|~|[A-Za-z]:\\\\)["']/g, score: 0.9, talk: F , triggers: ["fs"]},
  { subtype: "recursive_delete", re: /\bfind\s+(?:\/|~|\$HOME)\s[^\n;|]{0,80}?(?:-delete\b|-exec\s+rm\s)/g, score: 0.85, talk: F , triggers: ["find"]},
  // disk_wipe
  { subtype: "disk_wipe", re: new RegExp(`\\bdd\\b[^\\n;|&]{0,120}?\\bof=\\/dev\\/${DISK}`, "gi"), score: 0.95, talk: F , triggers: ["dd"]},
  { subtype: "disk_wipe", re: /\bmkfs(?:\.[a-z0-9]+)?\s+(?:-\S+\s+){0,4}\/dev\//gi, score: 0.9, talk: F , triggers: ["mkfs"]},
  { subtype: "disk_wipe", re: /\bshred\b[^\n;|&]{0,60}?\/dev\//gi, score: 0.95, talk: F , triggers: ["shred"]},
  { subtype: "disk_wipe", re: /\bwipefs\s+(?:-\S+\s+)*(?:-a|--all)\b/gi, score: 0.9, talk: F , triggers: ["wipefs"]},
  { subtype: "disk_wipe", re: /\bblkdiscard\s+(?:-\S+\s+)*\/dev\//gi, score: 0.9, talk: F , triggers: ["blkdiscard"]},
  { subtype: "disk_wipe", re: /\bformat\s+[a-z]:(?=\s|\/|$)/gi, score: 0.85, talk: F , triggers: ["format"]},
  { subtype: "disk_wipe", re: new RegExp(`(?<![>\\d&])>\\s*\\/dev\\/${DISK}`, "g"), score: 0.9, talk: F , triggers: ["/dev/"]},
  { subtype: "disk_wipe", re: /\bdiskpart\b[^\n]{0,200}?\bclean\b/gi, score: 0.8, talk: F , triggers: ["diskpart"]},
  {
    subtype: "disk_wipe",
    re: new RegExp(`\\b(?:${MAKE}\\b[^.\\n]{0,40}?\\b)?(?:wipe[sd]?|wiping|erase[sd]?|erasing|zero(?:es|ing)?\\s+out|overwrit(?:e|es|ing)|destroy(?:s|ing)?|format(?:s|ting)?)\\s+(?:(?:all\\s+(?:of\\s+)?(?:the\\s+)?|every\\s+|each\\s+)(?:disks?|drives?|hard\\s+(?:disks?|drives?)|partitions?|ssds?)|(?:the\\s+|this\\s+)?(?:system|boot|root|main|primary|host|server'?s?|production|prod)\\s+(?:disks?|drives?|partitions?|volumes?)|(?:the\\s+)?boot\\s+sector)\\b`, "gi"),
    score: 0.75,
    talk: F,
    triggers: ["wipe", "wiping", "erase", "erasing", "zero", "overwrit", "destroy", "format"],
  },
  // fork_bomb
  // Gate (speed): every match contains "|" (a symbol stem, matched anywhere), so text without one skips the regex.
  { subtype: "fork_bomb", re: /:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/g, score: 0.99, talk: F, triggers: ["|"] },
  { subtype: "fork_bomb", re: /\b([A-Za-z_]\w{0,30})\s*\(\s*\)\s*\{\s*\1\s*\|\s*\1\s*&\s*;?\s*\}\s*;\s*\1\b/g, score: 0.99, talk: F , triggers: ["|"]},
  { subtype: "fork_bomb", re: /\bwhile\s*\(?\s*(?:True|true|1)\s*\)?\s*:?\s*\{?\s*(?:os\.)?fork\s*\(\s*\)/g, score: 0.95, talk: F , triggers: ["fork"]},
  { subtype: "fork_bomb", re: /%0\s*\|\s*%0/g, score: 0.95, talk: F , triggers: ["%0"]},
  { subtype: "fork_bomb", re: /\bfork\s+while\s+fork\b/g, score: 0.95, talk: F , triggers: ["fork"]},
  { subtype: "fork_bomb", re: new RegExp(`\\b${MAKE}\\b[^.\\n]{0,40}?\\bfork[\\s-]?bombs?\\b`, "gi"), score: 0.8, talk: F , triggers: ["fork"]},
  // reverse_shell
  { subtype: "reverse_shell", re: /\b(?:ba|z|k)?sh\s+-i\s*[>&]+\s*\/dev\/(?:tcp|udp)\//gi, score: 0.95, talk: F , triggers: ["/dev/"]},
  { subtype: "reverse_shell", re: /\/dev\/(?:tcp|udp)\/[\w.\-]+\/\d{1,5}/g, score: 0.85, talk: F , triggers: ["/dev/"]},
  { subtype: "reverse_shell", re: /\b(?:nc|ncat|netcat)(?:\.exe)?\s[^\n|;]{0,80}?-(?:[a-z]*e|c)\s+["']?(?:\/bin\/)?(?:(?:ba|z)?sh|cmd(?:\.exe)?|powershell)\b/gi, score: 0.95, talk: F , triggers: ["nc", "ncat", "netcat"]},
  { subtype: "reverse_shell", re: /\bmkfifo\b[^\n]{0,80}?\b(?:nc|ncat|netcat)\b/gi, score: 0.9, talk: F , triggers: ["mkfifo"]},
  { subtype: "reverse_shell", re: /\bsh\s+-i\b[^\n]{0,40}?\|\s*(?:nc|ncat|netcat)\b/gi, score: 0.9, talk: F , triggers: ["nc", "ncat", "netcat"]},
  { subtype: "reverse_shell", re: /\bsocat\b[^\n]{0,160}?\bexec:/gi, score: 0.9, talk: F , triggers: ["socat"]},
  { subtype: "reverse_shell", re: /New-Object\s+(?:System\.)?Net\.Sockets\.TCPClient\s*\(/gi, score: 0.85, talk: F , triggers: ["new-object"]},
  { subtype: "reverse_shell", re: /\bfsockopen\s*\([^)\n]{0,80}\)[^\n]{0,120}?\b(?:exec|system|shell_exec|passthru|proc_open)\s*\(/g, score: 0.9, talk: F , triggers: ["fsockopen"]},
  { subtype: "reverse_shell", re: new RegExp(`\\b${MAKE}\\b[^.\\n]{0,60}?\\b(?:reverse|bind)[\\s-]shells?\\b`, "gi"), score: 0.85, talk: F , triggers: ["reverse", "bind"]},
  // pipe_to_shell
  {
    subtype: "pipe_to_shell",
    re: /\b(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^\n|;]{0,300}?\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:ba|z|k|da|fi)?sh\b/gi,
    score: 0.85,
    // Gate (speed): every match also contains a "|"; without one the lazy 300-char scan after each "fetch" is wasted.
    talk: F, triggersAll: [["curl", "wget", "fetch", "iwr", "irm", "invoke-"], ["|"]], anchored: true,
  },
  { subtype: "pipe_to_shell", re: /\b(?:curl|wget)\b[^\n|;]{0,300}?\|\s*(?:sudo\s+)?(?:python[0-9.]*|perl|ruby|node|php)\b/gi, score: 0.8, talk: F , triggers: ["curl", "wget"]},
  { subtype: "pipe_to_shell", re: /\b(?:ba|z)?sh\s+(?:-c\s+)?["']?\$\(\s*(?:curl|wget)\b|\b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)\b/gi, score: 0.85, talk: F , triggers: ["curl", "wget"]},
  {
    subtype: "pipe_to_shell",
    re: /\b(?:iex|invoke-expression)\b\s*\(?\s*\(?\s*(?:iwr|irm|invoke-webrequest|invoke-restmethod|new-object\s+(?:system\.)?net\.webclient)|\bdownloadstring\s*\([^)\n]{0,200}\)\s*\|\s*iex\b/gi,
    score: 0.9,
    talk: F, triggers: ["iex", "invoke-expression", "downloadstring"],
  },
  // credential_read
  { subtype: "credential_read", re: /\/etc\/(?:shadow|gshadow|master\.passwd|security\/opasswd)\b/g, score: 0.9, talk: F , triggers: ["/etc/"]},
  { subtype: "credential_read", re: /\.ssh\/id_(?:rsa|dsa|ecdsa|ed25519)\b(?!\.pub)/g, score: 0.9, talk: F , triggers: [".ssh/"]},
  {
    subtype: "credential_read",
    re: /\.aws\/credentials\b|\.config\/gcloud\/(?:credentials\.db|application_default_credentials\.json)|\.azure\/accessTokens\.json|\.kube\/config\b|\.docker\/config\.json|\.git-credentials\b|(?:~|\$HOME)\/\.netrc\b|\.pgpass\b/g,
    score: 0.85,
    talk: F, triggers: [".aws/", ".config/gcloud", ".azure/", ".kube/", ".docker/", ".git-credentials", ".netrc", ".pgpass"],
  },
  { subtype: "credential_read", re: /\/proc\/(?:self|\d+|\$\$)\/environ\b/g, score: 0.85, talk: F , triggers: ["/proc/"]},
  { subtype: "credential_read", re: /(?:chrome|chromium|edge|brave|firefox|mozilla)[\\\/][^\n]{0,120}?(?:login data|logins\.json|key[34]\.db|cookies(?:\.sqlite)?|local state)\b/gi, score: 0.85, talk: F , triggers: ["chrome", "chromium", "edge", "brave", "firefox", "mozilla"]},
  { subtype: "credential_read", re: /\blogins\.json\b|\bkey4\.db\b/g, score: 0.8, talk: F , triggers: ["logins", "key4"]},
  { subtype: "credential_read", re: /\b(?:cat|less|more|head|tail|type|get-content|gc|open|read_text|readFileSync|readFile|source|printenv)\b[^\n|;]{0,40}?(?<![\w.\-\/])\.env(?:\.[\w]+)?\b/gi, score: 0.75, talk: F , triggers: [".env"]},
  {
    subtype: "credential_read",
    re: /\bmimikatz\b|\bsekurlsa::|\bprocdump\b[^\n]{0,40}?\blsass\b|\blsass\b[^\n]{0,40}?\b(?:dump|minidump)\b|\breg\s+save\s+hklm\\(?:sam|system|security)\b/gi,
    score: 0.9,
    talk: F, triggers: ["mimikatz", "sekurlsa", "procdump", "lsass", "hklm"],
  },
  { subtype: "credential_read", re: /\bsecurity\s+(?:find|dump)-(?:generic|internet)-password\b|\bsecurity\s+dump-keychain\b/g, score: 0.8, talk: F , triggers: ["security"]},
  {
    subtype: "credential_read",
    re: /\b(?:dump|steal|extract|harvest|exfiltrate|grab|collect|read|crack)\s+(?:(?:all|the|saved|stored|browser|user|users'|their|system|local|cached)\s+){0,3}(?:passwords?|credentials|password\s+hash(?:es)?|ntlm\s+hash(?:es)?|browser\s+cookies|ssh\s+keys|private\s+keys)\b/gi,
    score: 0.75,
    talk: F, triggers: ["dump", "steal", "extract", "harvest", "exfiltrat", "grab", "collect", "read", "crack"],
  },
  // privilege_escalation
  { subtype: "privilege_escalation", re: /\bsudo\s+(?:su\b(?!do)|-s\b|-i\b|(?:\/bin\/)?(?:ba)?sh\b)/g, score: 0.6, talk: F , triggers: ["sudo"]},
  { subtype: "privilege_escalation", re: /\bchmod\s+(?:-\S+\s+)*(?:[ugoa]*\+[rwx]*s[rwx]*|0?[2467][0-7]{3})\s/g, score: 0.85, talk: F , triggers: ["chmod"]},
  { subtype: "privilege_escalation", re: /\bchmod\s+(?:-R\s+)?0?777\s+\/(?=\s|$|etc\b|usr\b|bin\b)/g, score: 0.85, talk: F , triggers: ["chmod"]},
  { subtype: "privilege_escalation", re: /\b(?:setuid|setreuid|setresuid|seteuid|setgid)\s*\(\s*0\b/g, score: 0.85, talk: F , triggers: ["setuid", "setreuid", "setresuid", "seteuid", "setgid"]},
  { subtype: "privilege_escalation", re: /(?:>>?|\btee\s+(?:-a\s+)?)\s*\/etc\/(?:sudoers(?:\.d\/\S*)?|passwd|shadow)\b/g, score: 0.95, talk: F , triggers: ["/etc/"]},
  { subtype: "privilege_escalation", re: /\bNOPASSWD\s*:\s*ALL\b/g, score: 0.85, talk: F , triggers: ["nopasswd"]},
  { subtype: "privilege_escalation", re: /\bnsenter\b[^\n]{0,80}?(?:-t\s*1\b|--target[=\s]+1\b)/g, score: 0.9, talk: F , triggers: ["nsenter"]},
  { subtype: "privilege_escalation", re: /\bdocker\.sock\b/g, score: 0.75, talk: F , triggers: ["docker"]},
  { subtype: "privilege_escalation", re: /\bdocker\s+run\b[^\n]{0,200}?(?:--privileged|-v\s+\/:\/|--volume[=\s]+\/:\/|--pid[=\s]+host)/g, score: 0.85, talk: F , triggers: ["docker"]},
  { subtype: "privilege_escalation", re: /\bchroot\s+\/(?:host|mnt)\b/g, score: 0.8, talk: F , triggers: ["chroot"]},
  { subtype: "privilege_escalation", re: /\bmount\s+(?:-\S+\s+)*\/dev\/(?:sd[a-z]\d*|nvme\w+|xvd\w+)\s+\/\S*/g, score: 0.6, talk: F , triggers: ["mount"]},
  { subtype: "privilege_escalation", re: /\/proc\/1\/root\b|\/proc\/sys\/kernel\/core_pattern\b|\brelease_agent\b/g, score: 0.85, talk: F , triggers: ["/proc/", "release_agent"]},
  {
    subtype: "privilege_escalation",
    re: /\b(?:sandbox|container|docker|jail|chroot|vm|hypervisor)\s+(?:escapes?|breakouts?|break-outs?)\b|\bescap(?:e|es|ing)\s+(?:from\s+)?(?:the\s+|a\s+|this\s+)?(?:sandbox|container|docker|jail|chroot|vm|virtual\s+machine)\b|\bbreak(?:ing)?\s+out\s+of\s+(?:the\s+|a\s+)?(?:sandbox|container|docker|jail|vm)\b/gi,
    score: 0.8,
    talk: F, triggers: ["sandbox", "container", "docker", "jail", "chroot", "vm", "hypervisor", "escap", "break"],
  },
  {
    subtype: "privilege_escalation",
    re: new RegExp(`\\b${MAKE}\\b[^.\\n]{0,60}?\\bprivilege\\s+escalation\\b|\\bescalat(?:e|ing)\\s+(?:my\\s+|the\\s+|our\\s+|its\\s+)?privileges?\\b|\\bgain(?:s|ing)?\\s+(?:root|admin(?:istrator)?|system|elevated|superuser)\\s+(?:access|privileges?|shell|rights|permissions)\\b`, "gi"),
    score: 0.75,
    talk: F, triggers: ["privilege", "escalat", "gain"],
  },
  { subtype: "privilege_escalation", re: /\bprivilege\s+escalation\b/gi, score: 0.45, talk: F , triggers: ["privilege"]},
  {
    subtype: "privilege_escalation",
    re: /\b(?:navigat|circumvent|get(?:ting)?\s+around|evad|escap|break(?:ing)?\s+out\s+of|bypass)\w*\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:constraints|restrictions|limitations|security\s+measures|protections|confines)\s+of\s+(?:a|the|this)\s+(?:sandbox|container|interpreter|jail)\b/gi,
    score: 0.65,
    talk: F, triggers: ["navigat", "circumvent", "get", "evad", "escap", "break", "bypass"],
  },
  // destructive_sql (DELETE without WHERE is parsed separately)
  { subtype: "destructive_sql", re: /\bDROP\s+(?:TABLE|DATABASE|SCHEMA)\b/gi, score: 0.9, talk: F , triggers: ["drop"]},
  { subtype: "destructive_sql", re: /\bTRUNCATE\s+(?:TABLE\s+)?[\w."`\[\]]+|\btruncate\s+table\s+[\w."`\[\]]+/g, score: 0.85, talk: F , triggers: ["truncate"]},
  { subtype: "destructive_sql", re: /\b(?:drop|delete|wipe|purge)\s+(?:all\s+(?:the\s+)?|every\s+|the\s+(?:entire\s+|whole\s+)?)(?:production\s+|prod\s+)?(?:tables|database|db|rows\s+(?:from|in))\b/gi, score: 0.7, talk: F , triggers: ["drop", "delete", "wipe", "purge"]},
  // destructive_infra
  { subtype: "destructive_infra", re: /\bkubectl\s+delete\s+(?:(?:-\S+|--[\w-]+(?:=\S+)?)\s+)*(?:namespaces?|ns)\b/g, score: 0.9, talk: F , triggers: ["kubectl"]},
  { subtype: "destructive_infra", re: /\bkubectl\s+delete\b[^\n;|&]{0,120}?\s(?:--all|-A|--all-namespaces)\b/g, score: 0.9, talk: F , triggers: ["kubectl"]},
  { subtype: "destructive_infra", re: /\bterraform\s+(?:destroy|apply\s+(?:-\S+\s+)*-destroy)\b/g, score: 0.85, talk: F , triggers: ["terraform"]},
  { subtype: "destructive_infra", re: /\baws\s+s3\s+rb\s+\S+[^\n]{0,60}?--force\b/g, score: 0.9, talk: F , triggers: ["aws"]},
  { subtype: "destructive_infra", re: /\baws\s+s3\s+rm\s+\S+[^\n]{0,80}?--recursive\b/g, score: 0.85, talk: F , triggers: ["aws"]},
  { subtype: "destructive_infra", re: /\bgsutil\s+(?:-m\s+)?(?:rm\s+(?:-\S*\s+)*-[a-zA-Z]*r|rb)\b|\bgcloud\s+storage\s+rm\s+(?:-\S+\s+)*--recursive\b/g, score: 0.85, talk: F , triggers: ["gsutil", "gcloud"]},
  { subtype: "destructive_infra", re: /\baz\s+group\s+delete\b|\bgcloud\s+projects\s+delete\b/g, score: 0.85, talk: F , triggers: ["az", "gcloud"]},
  { subtype: "destructive_infra", re: /\baws\s+(?:ec2\s+terminate-instances|rds\s+delete-db-(?:instance|cluster)|dynamodb\s+delete-table|cloudformation\s+delete-stack)\b/g, score: 0.8, talk: F , triggers: ["aws"]},
  { subtype: "destructive_infra", re: /\b(?:DeleteBucket|delete_bucket|deleteBucket)\b/g, score: 0.7, talk: F , triggers: ["deletebucket", "delete_bucket"]},
  { subtype: "destructive_infra", re: /\b(?:delete|destroy|tear\s+down|wipe)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:production|prod)\s+(?:cluster|namespace|bucket|environment|infrastructure|servers?|database)\b/gi, score: 0.7, talk: F , triggers: ["delete", "destroy", "tear", "wipe"]},
]);
