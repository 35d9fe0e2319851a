import { describe, expect, it } from "vitest";
import { inNetworkCommand } from "./pii-network.ts";
import { detectPii, resolveOverlaps } from "./pii.ts";

const spans = (text: string) => detectPii({ text }).map((f) => ({ type: f.type, value: text.slice(f.start, f.end) }));

describe("PII: validated identifiers", () => {
  it("finds cards with spaces or dashes only when Luhn-valid", () => {
    expect(spans("card 4111 1111 1111 1111 ok")).toEqual([{ type: "CREDIT_CARD", value: "4111 1111 1111 1111" }]);
    expect(spans("card 5500-0055-5555-5559")).toEqual([{ type: "CREDIT_CARD", value: "5500-0055-5555-5559" }]);
    expect(spans("card 4111 1111 1111 1112")).toEqual([]);
  });
  it("finds SSNs within SSA ranges and rejects 000/666/9xx/00/0000", () => {
    expect(spans("SSN: 531-21-7351")).toEqual([{ type: "US_SSN", value: "531-21-7351" }]);
    for (const bad of ["000-12-1234", "666-12-1234", "912-12-1234", "531-00-7351", "531-21-0000"]) {
      expect(spans(`SSN: ${bad}`).filter((s) => s.type === "US_SSN")).toEqual([]);
    }
  });
  it("reports bare 9-digit SSNs only next to an SSN word", () => {
    expect(spans("my social security number is 531217351")).toEqual([{ type: "US_SSN", value: "531217351" }]);
    expect(spans("order 531217351 shipped")).toEqual([]);
  });
  it("finds IBANs that pass mod-97 and rejects a corrupted one", () => {
    expect(spans("pay to GB82 WEST 1234 5698 7654 32 today")).toEqual([{ type: "IBAN_CODE", value: "GB82 WEST 1234 5698 7654 32" }]);
    expect(spans("pay to DE89370400440532013000.")).toEqual([{ type: "IBAN_CODE", value: "DE89370400440532013000" }]);
    expect(spans("pay to GB82 WEST 1234 5698 7654 33")).toEqual([]);
  });
});

describe("PII: network identifiers", () => {
  it("finds e-mail addresses with exact spans", () => {
    expect(spans("write to jane.doe+x@mail.example.co.uk, thanks")).toEqual([{ type: "EMAIL_ADDRESS", value: "jane.doe+x@mail.example.co.uk" }]);
    expect(spans("not an email: a@b, @handle, x@localhost")).toEqual([]);
  });
  it("finds IPv4 (octets ≤ 255) and IPv6 including compressed forms", () => {
    expect(spans("hosts 10.0.0.1, 255.255.255.255 and 256.1.1.1")).toEqual([
      { type: "IP_ADDRESS", value: "10.0.0.1" },
      { type: "IP_ADDRESS", value: "255.255.255.255" },
    ]);
    expect(spans("v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and ::1 and fe80::1%")).toEqual([
      { type: "IP_ADDRESS", value: "2001:0db8:85a3:0000:0000:8a2e:0370:7334" },
      { type: "IP_ADDRESS", value: "::1" },
      { type: "IP_ADDRESS", value: "fe80::1" },
    ]);
  });
  it("does not take times, MAC addresses or C++ scopes for IPv6", () => {
    expect(spans("at 12:30:45, MAC 00:1A:2B:3C:4D:5E, std::vector and a::b")).toEqual([]);
  });
  it("lowers the score of version strings that look like IPv4", () => {
    const [f] = detectPii({ text: "version 1.2.3.4" });
    expect(f?.type).toBe("IP_ADDRESS");
    expect(f?.score).toBeLessThan(0.5);
  });
});

describe("PII: phone numbers", () => {
  it("finds NANP formats", () => {
    for (const p of ["(415) 555-2671", "415-555-2671", "415.555.2671", "+1 415 555 2671", "1-800-555-0199"]) {
      expect(spans(`call ${p} now`)).toEqual([{ type: "PHONE_NUMBER", value: p }]);
    }
  });
  it("finds international numbers and extensions", () => {
    expect(spans("ring +44 20 7946 0958 today")).toEqual([{ type: "PHONE_NUMBER", value: "+44 20 7946 0958" }]);
    expect(spans("Desk: 986.291.2294x751")).toEqual([{ type: "PHONE_NUMBER", value: "986.291.2294x751" }]);
  });
  it("accepts odd groupings only next to a phone word", () => {
    expect(spans("Mobile: 041-412-293")).toEqual([{ type: "PHONE_NUMBER", value: "041-412-293" }]);
    expect(spans("69 987 88 37 office")).toEqual([{ type: "PHONE_NUMBER", value: "69 987 88 37" }]);
    expect(spans("Invoice 041-412-293 paid")).toEqual([]);
  });
  it("does not take dates, SSNs, IPs or card numbers for phones", () => {
    expect(spans("on 2023-01-15 and 01.02.2024").filter((s) => s.type === "PHONE_NUMBER")).toEqual([]);
    expect(spans("call about 531-21-7351").map((s) => s.type)).toEqual(["US_SSN"]);
    expect(spans("call 10.20.30.40").map((s) => s.type)).toEqual(["IP_ADDRESS"]);
    expect(spans("phone number 4111 1111 1111 1111").map((s) => s.type)).toEqual(["CREDIT_CARD"]);
  });
});

describe("PII: phone numbers parsed with libphonenumber-js", () => {
  it.each([
    ["ring +44 20 7946 0958 today", "+44 20 7946 0958"],
    ["Berlin: +49 (0)30 1234567, ask for Jana", "+49 (0)30 1234567"],
    ["from abroad dial 0044 20 7946 0958.", "0044 20 7946 0958"],
    ["Paris office +33 1 23 45 67 89", "+33 1 23 45 67 89"],
    ["Mumbai +91 98765 43210", "+91 98765 43210"],
    ["Tokyo +81 3-1234-5678", "+81 3-1234-5678"],
    ["Canada +1 825 741 0957", "+1 825 741 0957"],
  ])("finds international numbers: %s", (text, value) => {
    expect(spans(text)).toEqual([{ type: "PHONE_NUMBER", value }]);
    expect(detectPii({ text })[0]?.score).toBeGreaterThanOrEqual(0.9);
  });
  it.each([
    ["our UK number is 020 7946 0958 if local", "020 7946 0958"],
    ["030 1234567", "030 1234567"],
    ["Appelez-moi au 06 12 34 56 78 ce soir", "06 12 34 56 78"],
    ["Sydney (02) 9374 4000 is open", "(02) 9374 4000"],
    ["tel. 0301234567", "0301234567"],
    ["my phone number is 4155552671", "4155552671"],
  ])("finds national formats of common countries: %s", (text, value) => {
    expect(spans(text)).toEqual([{ type: "PHONE_NUMBER", value }]);
    expect(detectPii({ text })[0]?.score).toBeGreaterThanOrEqual(0.5);
  });
  it.each([
    ["Call me at (415) 555-2671 x123 tomorrow", "(415) 555-2671 x123"],
    ["Support 415-555-2671 ext. 45, weekdays", "415-555-2671 ext. 45"],
    ["Desk: 986.291.2294x751", "986.291.2294x751"],
    ["ring +44 20 7946 0958 extension 12", "+44 20 7946 0958 extension 12"],
  ])("includes US-style extensions in the span: %s", (text, value) => {
    expect(spans(text)).toEqual([{ type: "PHONE_NUMBER", value }]);
  });
  it("scores a NANP shape with an unknown area code below the redact line unless a phone word is near", () => {
    expect(detectPii({ text: "ref 944-435-4352 here" })).toEqual([]);
    expect(detectPii({ text: "see 944-435-4352 here" })[0]?.score).toBeLessThan(0.5);
    expect(detectPii({ text: "mobile 944-435-4352" })[0]?.score).toBeGreaterThanOrEqual(0.8);
  });
  it.each([
    "Meeting on 2024-03-15 at 14:30 in room 4.",
    "Deadline 15/03/2024, reminder 03.04.2024, call at 2024-03-15 14:30.",
    "Upgrade to version 10.15.7 and build 20240315; running v2.4.1 on node 24.21.0.",
    "Release 2024.03.15.1 fixed the crash.",
    "Order 123-456-7890 shipped; invoice 041-412-293 paid; order #20240315001; Ticket ID 4821-7733-12.",
    "If 3 x 4 = 12 and 12 x 100 = 1200, what is 1200 / 48? A train covers 120 km in 2 hours.",
    "The population grew from 1 250 000 to 1 400 000 in ten years.",
  ])("finds no phone in dates, times, versions, ids and maths: %s", (text) => {
    expect(spans(text).filter((s) => s.type === "PHONE_NUMBER")).toEqual([]);
  });
  it("leaves IBANs, cards and IP addresses to their own types", () => {
    expect(spans("pay GB82 WEST 1234 5698 7654 32, tel: DE89 3704 0044 0532 0130 00").map((s) => s.type)).toEqual(["IBAN_CODE", "IBAN_CODE"]);
    expect(spans("call 4111 1111 1111 1111").map((s) => s.type)).toEqual(["CREDIT_CARD"]);
    expect(spans("phone 81.2.69.142").map((s) => s.type)).toEqual(["IP_ADDRESS"]);
    expect(spans("account number 12345678901").map((s) => s.type)).toEqual(["US_BANK_NUMBER"]);
  });
});

describe("PII: IP addresses in network commands are not personal data", () => {
  it.each([
    "ping 8.8.8.8",
    "ping -c 4 1.1.1.1 && traceroute 9.9.9.9",
    "curl -s http://10.0.0.5/health",
    "curl -s -H 'Accept: json' https://10.0.0.5:8443/x",
    "ssh deploy@192.168.1.10 'systemctl status nginx'",
    "ssh -i key.pem ubuntu@10.1.2.3",
    "dig @1.1.1.1 example.com +short",
    "sudo nmap -sV -p 22,80,443 10.0.0.0/24",
    "nc -zv 10.0.0.7 5432",
    "telnet 192.168.0.1 23",
    "wget http://172.16.0.3/releases/app.tar.gz",
    "/usr/bin/ping 8.8.8.8",
    "ping6 2001:db8::1",
    "curl http://[2001:db8::1]:8080/",
  ])("no IP_ADDRESS in `%s`", (text) => {
    expect(spans(text).filter((s) => s.type === "IP_ADDRESS")).toEqual([]);
  });
  it.each([
    ["The user's IP was 81.2.69.142 at login.", "81.2.69.142"],
    ["Please ping me at 81.2.69.142 when done.", "81.2.69.142"],
    ["customer record: name=J. Doe, last_ip=81.2.69.160", "81.2.69.160"],
    ["ping 8.8.8.8 && echo 81.2.69.142", "81.2.69.142"],
    ["We were asked to ping the host; their IP is 81.2.69.142", "81.2.69.142"],
  ])("keeps an IP in prose or a record as PII: %s", (text, value) => {
    expect(spans(text)).toEqual([{ type: "IP_ADDRESS", value }]);
  });
  it("decides per segment of a command line", () => {
    expect(inNetworkCommand("ping 8.8.8.8", 5)).toBe(true);
    expect(inNetworkCommand("echo 8.8.8.8", 5)).toBe(false);
    expect(inNetworkCommand("ping -c 4 host; echo 8.8.8.8", 21)).toBe(false);
  });
});

describe("PII: context-only entities", () => {
  it("finds bank numbers next to account/routing words, with the ABA checksum for routing", () => {
    expect(detectPii({ text: "routing 011000015" })[0]?.score).toBe(0.9);
    expect(detectPii({ text: "routing 011000016" })[0]?.score).toBe(0.5);
    expect(spans("account no. 12345678901")).toEqual([{ type: "US_BANK_NUMBER", value: "12345678901" }]);
    expect(spans("order 12345678901")).toEqual([]);
  });
  it("finds dates only next to birth words", () => {
    expect(spans("She was born on 12/27/1986.")).toEqual([{ type: "DATE_OF_BIRTH", value: "12/27/1986" }]);
    expect(spans("DOB: March 3, 1990")).toEqual([{ type: "DATE_OF_BIRTH", value: "March 3, 1990" }]);
    expect(spans("Invoice date 12/27/1986")).toEqual([]);
  });
  it("finds medical record numbers next to MRN words", () => {
    expect(spans("MRN: 00482913")).toEqual([{ type: "MEDICAL_RECORD_NUMBER", value: "00482913" }]);
    expect(spans("patient id is AB-99812")).toEqual([{ type: "MEDICAL_RECORD_NUMBER", value: "AB-99812" }]);
    expect(spans("patient id is pending")).toEqual([]);
  });
});

describe("PII: overlap resolution and finding shape", () => {
  it("keeps the higher-scoring, more specific candidate", () => {
    expect(
      resolveOverlaps([
        { type: "PHONE_NUMBER", start: 0, end: 12, score: 0.8 },
        { type: "CREDIT_CARD", start: 0, end: 16, score: 0.95 },
        { type: "EMAIL_ADDRESS", start: 20, end: 30, score: 0.95 },
      ]).map((c) => c.type),
    ).toEqual(["CREDIT_CARD", "EMAIL_ADDRESS"]);
  });
  it("returns findings without the matched text, sorted by start", () => {
    const text = "mail a@b.co, SSN 531-21-7351";
    const found = detectPii({ text });
    expect(found.map((f) => f.start)).toEqual([...found.map((f) => f.start)].sort((a, b) => a - b));
    for (const f of found) {
      expect(Object.keys(f).sort()).toEqual(["detector", "end", "score", "start", "type"]);
      expect(JSON.stringify(f)).not.toContain("531-21-7351");
    }
  });
});
