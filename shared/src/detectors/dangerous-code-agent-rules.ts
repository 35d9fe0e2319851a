/**
 * Pattern rules for what an attacker (or a hijacked agent) does on a host once in, named after the MITRE
 * ATT&CK tactics a security engineer knows them by (type DANGEROUS_CODE):
 *
 * | subtype | ATT&CK | examples |
 * |---|---|---|
 * | privilege_escalation | TA0004 (T1548, T1078) | SQL `GRANT ALL … TO`, `ALTER ROLE … SUPERUSER`, `UPDATE users SET role='admin'`, visudo, `usermod -aG sudo` |
 * | persistence | TA0003 (T1098.004, T1053.003, T1543.002, T1037, T1546.004) | `>> ~/.ssh/authorized_keys`, `… \| crontab -`, /etc/cron.d, systemd units, rc.local, Run keys |
 * | defense_evasion | TA0005 (T1562.001/.004) | `iptables -F`, `nft flush ruleset`, `ufw disable`, `setenforce 0`, stopping firewalld/AppArmor/EDR |
 * | log_tampering | T1070.001–.003, T1562.012 | `> /var/log/auth.log`, `history -c`, `journalctl --vacuum-time=1s`, `auditctl -D`, `wevtutil cl` |
 * | credential_destruction | T1485 / T1531 | `shred -u ~/.ssh/id_rsa`, `rm -rf ~/.gnupg`, `rm ~/.aws/credentials` |
 *
 * Clearly hostile forms score ≥ 0.7 (BLOCK by the law pack); dual-use administration an agent may have a
 * reason for (`systemctl enable nginx`, `crontab -e`, a narrow `GRANT SELECT ON t TO r`) scores 0.5–0.6, which
 * the default policy turns into RESTRICT with `require_human_approval` (rule `approve-system-changes`).
 * Shell-profile backdoors need a look at what is appended: dangerous-code-parse.ts (`findProfileBackdoor`).
 * Every rule uses talk mode "full": "what does iptables -F do?" is talking, not doing. All repetition is
 * bounded (linear-time.test.ts).
 */
import { registerRules, type PatternRule } from "./rules.ts";

const F = "full" as const;
/** Something written into a path: a redirect, tee, cp/mv/install onto it, or a symlink to it. */
const WRITE = "(?:>>?|\\btee\\s+(?:-a\\s+)?|\\b(?:cp|mv|install)\\s+(?:-\\S+\\s+){0,3}\\S+\\s+|\\bln\\s+-s\\S*\\s+\\S+\\s+)\\s*[\"']?";
/** Security tools and services whose stopping is defence evasion. */
const SECURITY_SERVICES =
  "(?:firewalld|ufw|iptables|ip6tables|nftables|netfilter-persistent|apparmor|selinux|fail2ban|clamav-daemon|clamav-freshclam|clamd|falcon-sensor|cbagentd|sentinelone|sentinelagent|wazuh-agent|ossec|osqueryd|mdatp|sophos-spl|snort|suricata|crowdstrike)";
/** Logging and audit services whose stopping is log tampering. */
const LOG_SERVICES = "(?:auditd|rsyslog|syslog-ng|syslog|systemd-journald|journald|auditbeat|filebeat|splunkd|splunkforwarder|fluentd|fluent-bit|td-agent)";
const STOP = "\\bsystemctl\\s+(?:--\\S+\\s+){0,3}(?:stop|disable|mask|kill)\\s+(?:--now\\s+)?(?:[\\w@.-]+\\s+){0,3}?";

/** DANGEROUS_CODE rules for privilege escalation, persistence, defence evasion, log tampering and credential destruction. */
export const AGENT_ACTION_RULES: readonly PatternRule[] = registerRules([
  // privilege_escalation: SQL
  { subtype: "privilege_escalation", re: /\bGRANT\s+ALL(?:\s+PRIVILEGES)?\s+ON\b[^;\n]{1,200}?\bTO\s+\S/gi, score: 0.85, talk: F, triggers: ["grant"], anchored: true },
  { subtype: "privilege_escalation", re: /\bWITH\s+(?:GRANT|ADMIN)\s+OPTION\b/gi, score: 0.85, talk: F, triggers: ["with"], anchored: true },
  {
    subtype: "privilege_escalation",
    re: /\bGRANT\s+(?:ROLE\s+)?(?:SUPER\b|["'`[]?[\w-]{0,40}?(?:admin|superuser|sysadmin|dba|root|owner)[\w-]{0,40}["'`\]]?|pg_(?:read_all_data|write_all_data|read_server_files|write_server_files|execute_server_program)|rds_superuser|cloudsqlsuperuser)\s+(?:ON\s+[^;\n]{1,120}?\s+)?TO\s+\S/gi,
    score: 0.9,
    talk: F, triggers: ["grant"], anchored: true,
  },
  { subtype: "privilege_escalation", re: /\bGRANT\s+(?:SELECT|INSERT|UPDATE|DELETE|USAGE|EXECUTE|REFERENCES|TRIGGER|CONNECT|TEMP(?:ORARY)?|CREATE)\b[^;\n]{0,200}?\bTO\s+\S/gi, score: 0.55, talk: F, triggers: ["grant"], anchored: true },
  { subtype: "privilege_escalation", re: /\b(?:ALTER|CREATE)\s+(?:ROLE|USER)\s+[^;\n]{1,120}?\b(?:SUPERUSER|CREATEROLE|BYPASSRLS)\b/gi, score: 0.9, talk: F, triggers: ["alter", "create"], anchored: true },
  { subtype: "privilege_escalation", re: /\bALTER\s+(?:SERVER\s+)?ROLE\s+\[?(?:sysadmin|securityadmin|db_owner|db_securityadmin)\]?\s+ADD\s+MEMBER\b|\bsp_addsrvrolemember\b/gi, score: 0.9, talk: F, triggers: ["alter", "sp_addsrvrolemember"], anchored: true },
  {
    subtype: "privilege_escalation",
    re: /\bUPDATE\s+\S{1,80}\s+SET\s+[^;\n]{0,200}?\b(?:(?:role|roles|user_role|account_type|access_level|user_type|permission_level|privileges?)\s*=\s*['"]?(?:admin|administrator|superuser|super_admin|superadmin|root|owner|sysadmin)\b|(?:is_admin|is_superuser|is_staff|is_root|isAdmin|admin|superuser)\s*=\s*(?:true|1|'t'|'true'|'1'|'y'|'yes')(?!\w))/gi,
    score: 0.85,
    talk: F, triggers: ["update"], anchored: true,
  },
  {
    subtype: "privilege_escalation",
    re: /\$set\s*:\s*\{[^}\n]{0,160}?["']?\b(?:role|isAdmin|is_admin)["']?\s*:\s*(?:["'](?:admin|administrator|superuser|root|owner)["']|true\b)|\.update\([^)\n]{0,160}?\b(?:is_superuser|is_staff|is_admin)\s*=\s*True\b/g,
    score: 0.8,
    talk: F, triggers: ["$set", ".update("],
  },
  // privilege_escalation: accounts and binaries
  { subtype: "privilege_escalation", re: /\bvisudo\b(?!\s+(?:-c|--check)\b)/g, score: 0.75, talk: F, triggers: ["visudo"] },
  {
    subtype: "privilege_escalation",
    re: /\busermod\s+(?:-\S+\s+){0,4}?-a?G\s+(?:[\w-]+,){0,8}(?:sudo|wheel|admin|root|docker)\b|\bgpasswd\s+-a\s+\S+\s+(?:sudo|wheel|admin|root|docker)\b|\b(?:adduser|addgroup)\s+\S+\s+(?:sudo|wheel|admin|root|docker)\b/g,
    score: 0.85,
    talk: F, triggers: ["usermod", "gpasswd", "adduser", "addgroup"], anchored: true,
  },
  { subtype: "privilege_escalation", re: /\b(?:usermod|useradd)\b[^\n;|]{0,80}?\s-u\s*0\b/g, score: 0.9, talk: F, triggers: ["usermod", "useradd"], anchored: true },
  { subtype: "privilege_escalation", re: /\bnet\s+localgroup\s+administrators\s+\S+\s+\/add\b|\bAdd-LocalGroupMember\s+(?:-Group\s+)?["']?Administrators\b/gi, score: 0.85, talk: F, triggers: ["net", "add"], anchored: true },
  { subtype: "privilege_escalation", re: /\bsetcap\s+[^\n;|]{0,40}?\bcap_(?:setuid|setgid|sys_admin|dac_override|dac_read_search|sys_ptrace)\b/g, score: 0.85, talk: F, triggers: ["setcap"], anchored: true },

  // persistence
  { subtype: "persistence", re: new RegExp(`${WRITE}[^\\s;|&>"']{0,120}authorized_keys2?(?![\\w.])`, "g"), score: 0.9, talk: F, triggers: ["authorized_keys"] },
  { subtype: "persistence", re: /\|\s*(?:sudo\s+)?crontab\s+(?:-u\s+\S+\s+)?-(?![\w-])/g, score: 0.85, talk: F, triggers: ["crontab"] },
  { subtype: "persistence", re: /\bcrontab\s+(?:-u\s+\S+\s+)?-e\b/g, score: 0.55, talk: F, triggers: ["crontab"], anchored: true },
  { subtype: "persistence", re: /\bcrontab\s+(?:-u\s+\S+\s+)?(?:(?:\/|~\/|\.\/|\$\w+\/)[^\s;|&]{1,160}|[\w-]{1,80}\.(?:txt|cron|tab|conf|bak|tmp))(?![\w.])/g, score: 0.6, talk: F, triggers: ["crontab"], anchored: true },
  { subtype: "persistence", re: new RegExp(`${WRITE}(?:\\/etc\\/cron\\.(?:d|hourly|daily|weekly|monthly)\\/|\\/etc\\/crontab\\b|\\/var\\/spool\\/cron\\/)`, "g"), score: 0.8, talk: F, triggers: ["/etc/cron", "/var/spool/cron"] },
  {
    subtype: "persistence",
    re: new RegExp(`(?:${WRITE}|\\bcat\\s+>+\\s*)(?:\\/etc\\/systemd\\/system\\/|\\/(?:usr\\/)?lib\\/systemd\\/system\\/|(?:~|\\$HOME)\\/\\.config\\/systemd\\/user\\/)[^\\s;|&"']{0,120}\\.(?:service|timer|socket|path)\\b`, "g"),
    score: 0.75,
    talk: F, triggers: ["/systemd/"],
  },
  { subtype: "persistence", re: /\bsystemctl\s+(?:--\S+\s+){0,3}enable\s+(?:--now\s+)?(?:\/tmp\/|\/dev\/shm\/|\/var\/tmp\/)/g, score: 0.85, talk: F, triggers: ["systemctl"], anchored: true },
  { subtype: "persistence", re: /\bsystemctl\s+(?:--\S+\s+){0,3}enable\b/g, score: 0.5, talk: F, triggers: ["systemctl"], anchored: true },
  { subtype: "persistence", re: new RegExp(`${WRITE}\\/etc\\/(?:rc\\.local|rc\\d?\\.d\\/|init\\.d\\/)`, "g"), score: 0.8, talk: F, triggers: ["/etc/rc", "/etc/init.d"] },
  { subtype: "persistence", re: new RegExp(`${WRITE}(?:(?:~|\\$HOME)\\/Library\\/LaunchAgents\\/|\\/Library\\/Launch(?:Agents|Daemons)\\/)`, "g"), score: 0.75, talk: F, triggers: ["/library/launch"] },
  { subtype: "persistence", re: /\blaunchctl\s+(?:load|bootstrap)\b/g, score: 0.5, talk: F, triggers: ["launchctl"], anchored: true },
  {
    subtype: "persistence",
    re: /\b(?:reg(?:\.exe)?\s+add|New-ItemProperty|Set-ItemProperty)\s+[^\n]{0,40}?(?:HKLM|HKCU|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER)[:\\]{1,2}Software\\(?:WOW6432Node\\)?Microsoft\\Windows\\CurrentVersion\\Run(?:Once)?\b/gi,
    score: 0.85,
    talk: F, triggers: ["reg", "new", "set"], anchored: true,
  },
  { subtype: "persistence", re: /\bschtasks(?:\.exe)?\s+\/create\b[^\n]{0,200}?\/sc\s+(?:onlogon|onstart)\b/gi, score: 0.8, talk: F, triggers: ["schtasks"], anchored: true },
  { subtype: "persistence", re: /\bschtasks(?:\.exe)?\s+\/create\b/gi, score: 0.55, talk: F, triggers: ["schtasks"], anchored: true },

  // defense_evasion
  { subtype: "defense_evasion", re: /\bip6?tables(?:-legacy|-nft)?\s+(?:-w\s+)?(?:-t\s+\w+\s+)?(?:-F|--flush|-X|--delete-chain)(?![\w-])/g, score: 0.85, talk: F, triggers: ["iptables", "ip6tables"], anchored: true },
  { subtype: "defense_evasion", re: /\bip6?tables(?:-legacy|-nft)?\s+(?:-t\s+\w+\s+)?(?:-P|--policy)\s+(?:INPUT|FORWARD)\s+ACCEPT\b/g, score: 0.7, talk: F, triggers: ["iptables", "ip6tables"], anchored: true },
  { subtype: "defense_evasion", re: /\bnft\s+flush\s+ruleset\b/g, score: 0.85, talk: F, triggers: ["nft"], anchored: true },
  { subtype: "defense_evasion", re: /\bufw\s+(?:--force\s+)?(?:disable|reset)\b/g, score: 0.85, talk: F, triggers: ["ufw"], anchored: true },
  { subtype: "defense_evasion", re: new RegExp(`${STOP}${SECURITY_SERVICES}(?:\\.service)?\\b|\\bservice\\s+${SECURITY_SERVICES}\\s+stop\\b`, "g"), score: 0.85, talk: F, triggers: ["systemctl", "service"], anchored: true },
  { subtype: "defense_evasion", re: /\bsetenforce\s+(?:0|permissive)\b/gi, score: 0.85, talk: F, triggers: ["setenforce"], anchored: true },
  { subtype: "defense_evasion", re: /\bSELINUX\s*=\s*(?:disabled|permissive)\b/g, score: 0.75, talk: F, triggers: ["selinux"] },
  { subtype: "defense_evasion", re: /\baa-(?:teardown|disable)\b|\bapparmor_parser\s+(?:-\S+\s+){0,3}?-R\b/g, score: 0.8, talk: F, triggers: ["aa-", "apparmor_parser"] },
  {
    subtype: "defense_evasion",
    re: /\bSet-MpPreference\b[^\n]{0,120}?-Disable(?:RealtimeMonitoring|BehaviorMonitoring|IOAVProtection|ScriptScanning|IntrusionPreventionSystem)\s+(?:\$true|1)\b/gi,
    score: 0.9,
    talk: F, triggers: ["set-mppreference"],
  },
  {
    subtype: "defense_evasion",
    re: /\bnetsh\s+(?:advfirewall\s+set\s+(?:all|current|domain|private|public)profiles?\s+state\s+off|firewall\s+set\s+opmode\s+(?:mode=)?disable)\b|\bSet-NetFirewallProfile\b[^\n]{0,80}?-Enabled\s+(?:False|\$false|0)\b/gi,
    score: 0.9,
    talk: F, triggers: ["netsh", "set-netfirewallprofile"],
  },
  { subtype: "defense_evasion", re: /\b(?:sc(?:\.exe)?\s+(?:stop|delete)|Stop-Service\s+(?:-Name\s+)?["']?)\s*(?:WinDefend|MpsSvc|wscsvc|Sense)\b/gi, score: 0.85, talk: F, triggers: ["sc", "stop"], anchored: true },
  { subtype: "defense_evasion", re: /\baws\s+guardduty\s+delete-detector\b|\baws\s+securityhub\s+disable-security-hub\b/g, score: 0.9, talk: F, triggers: ["aws"], anchored: true },

  // log_tampering
  { subtype: "log_tampering", re: /(?:^|[;(]\s*|&&\s*|\|\|\s*|\b(?:then|do)\s+)(?::|true|cat\s+\/dev\/null|echo(?:\s+-n)?(?:\s+(?:""|''))?)?\s*>\s*["']?\/var\/log\/[\w.\/-]+/gm, score: 0.85, talk: F, triggers: ["/var/log/"] },
  { subtype: "log_tampering", re: /\btruncate\s+(?:-\S+\s+){0,3}?(?:-s\s*0|--size[=\s]0)\s+(?:-\S+\s+){0,3}["']?\/var\/log\//g, score: 0.85, talk: F, triggers: ["truncate"], anchored: true },
  {
    subtype: "log_tampering",
    re: /\b(?:rm|shred|unlink|srm)\s+(?:-\S+\s+){0,4}["']?\/var\/log(?:\/(?:auth\.log|secure|syslog|messages|wtmp|btmp|lastlog|faillog|audit\b|kern\.log|journal\b|\*(?![\w.]))|\/?(?=\s|$|[;&|"']))/g,
    score: 0.85,
    talk: F, triggers: ["rm", "shred", "unlink", "srm"], anchored: true,
  },
  { subtype: "log_tampering", re: /\bshred\b[^\n;|&]{0,60}?\/var\/log\//g, score: 0.9, talk: F, triggers: ["shred"], anchored: true },
  {
    subtype: "log_tampering",
    re: /(?:\b(?:rm|shred|unlink)\s+(?:-\S+\s+){0,3}|(?<![>\d&])>(?!>)\s*|\bln\s+-s\S*\s+\/dev\/null\s+)["']?(?:~|\$HOME|\/root|\/home\/[\w.-]+)\/\.(?:bash_history|zsh_history|zhistory|sh_history|history|mysql_history|psql_history|python_history)\b/g,
    score: 0.85,
    talk: F, triggers: ["bash_history", "zsh_history", "zhistory", "sh_history", "history", "mysql_history", "psql_history", "python_history"],
  },
  { subtype: "log_tampering", re: /\bhistory\s+-c\b|\bhistory\s+-w\s+\/dev\/null\b/g, score: 0.8, talk: F, triggers: ["history"], anchored: true },
  { subtype: "log_tampering", re: /\bunset\s+HISTFILE\b|\b(?:export\s+)?HISTFILE=\/dev\/null\b|\b(?:export\s+)?HISTSIZE=0\b|\bset\s+\+o\s+history\b/g, score: 0.75, talk: F, triggers: ["unset", "histfile", "histsize", "export", "set"], anchored: true },
  {
    subtype: "log_tampering",
    re: /\bjournalctl\s+(?:--?\S+\s+){0,3}--vacuum-(?:time[=\s]+\d{1,4}(?:s|sec|seconds?|m|min|minutes?)?(?![\w.])|size[=\s]+\d{1,7}[KB]?(?![\w.])|files[=\s]+[01](?!\d))/g,
    score: 0.8,
    talk: F, triggers: ["journalctl"], anchored: true,
  },
  { subtype: "log_tampering", re: /\bauditctl\s+(?:-D\b|-e\s*0\b)/g, score: 0.85, talk: F, triggers: ["auditctl"], anchored: true },
  { subtype: "log_tampering", re: new RegExp(`${STOP}${LOG_SERVICES}(?:\\.service)?\\b|\\bservice\\s+${LOG_SERVICES}\\s+stop\\b`, "g"), score: 0.85, talk: F, triggers: ["systemctl", "service"], anchored: true },
  { subtype: "log_tampering", re: /\bwevtutil(?:\.exe)?\s+(?:cl|clear-log)\b|\bClear-EventLog\b|\bRemove-EventLog\b/gi, score: 0.9, talk: F, triggers: ["wevtutil", "clear", "remove"], anchored: true },
  { subtype: "log_tampering", re: /\bauditpol(?:\.exe)?\s+\/clear\b|\bfsutil\s+usn\s+deletejournal\b/gi, score: 0.8, talk: F, triggers: ["auditpol", "fsutil"], anchored: true },
  { subtype: "log_tampering", re: /\baws\s+cloudtrail\s+(?:stop-logging|delete-trail)\b|\bgcloud\s+logging\s+(?:sinks|logs)\s+delete\b/g, score: 0.9, talk: F, triggers: ["aws", "gcloud"], anchored: true },

  // credential_destruction
  {
    subtype: "credential_destruction",
    re: /\b(?:shred|rm|unlink|srm|wipe|Remove-Item|del)\b[^\n;|&]{0,80}?(?:\.ssh\/(?:id_(?:rsa|dsa|ecdsa|ed25519)(?!\.pub)\b|authorized_keys\b)|\.ssh\/?(?=\s|$|["';&|*])|\.aws\/credentials\b|\.aws\/?(?=\s|$|["';&|])|\.gnupg\b|\.kube\/config\b|\.docker\/config\.json\b|\.git-credentials\b|\.netrc\b|\.pgpass\b|\.password-store\b|\.kdbx\b|\/etc\/(?:shadow|gshadow|ssl\/private)\b|\.config\/gcloud\b|\.vault-token\b)/gi,
    score: 0.9,
    talk: F, triggers: ["shred", "rm", "unlink", "srm", "wipe", "remove", "del"], anchored: true,
  },
]);
