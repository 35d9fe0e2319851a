import { describe, expect, it } from "vitest";
import { abaRoutingValid, ibanValid, knownCardPrefix, luhnValid, ssnValid } from "./validators.ts";

describe("luhnValid", () => {
  it("accepts real test card numbers of several networks", () => {
    for (const n of ["4111111111111111", "5500005555555559", "378282246310005", "6011111111111117", "3530111333300000"]) {
      expect(luhnValid(n)).toBe(true);
    }
  });
  it("rejects a single changed digit and non-digits", () => {
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("4111-1111-1111-1111")).toBe(false);
    expect(luhnValid("7")).toBe(false);
  });
});

describe("ibanValid (mod-97 + country length)", () => {
  it("accepts valid IBANs with and without spaces", () => {
    expect(ibanValid("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("FR1420041010050500013M02606")).toBe(true);
    expect(ibanValid("NO9386011117947")).toBe(true);
  });
  it("rejects a wrong check digit, a wrong length and an unknown country", () => {
    expect(ibanValid("GB82 WEST 1234 5698 7654 33")).toBe(false);
    expect(ibanValid("DE8937040044053201300")).toBe(false);
    expect(ibanValid("XX82WEST12345698765432")).toBe(false);
  });
});

describe("ssnValid (SSA area/group/serial rules)", () => {
  it("accepts ordinary SSNs", () => {
    expect(ssnValid("531217351")).toBe(true);
    expect(ssnValid("899991234")).toBe(true);
  });
  it.each([
    ["000121234", "area 000"],
    ["666121234", "area 666"],
    ["900121234", "area 9xx"],
    ["123001234", "group 00"],
    ["123450000", "serial 0000"],
    ["12345678", "too short"],
  ])("rejects %s (%s)", (digits) => {
    expect(ssnValid(digits)).toBe(false);
  });
});

describe("abaRoutingValid", () => {
  it("accepts a valid routing number and rejects a changed digit", () => {
    expect(abaRoutingValid("011000015")).toBe(true);
    expect(abaRoutingValid("011000016")).toBe(false);
    expect(abaRoutingValid("000000000")).toBe(false);
  });
});

describe("knownCardPrefix", () => {
  it("knows issuer prefixes with their lengths", () => {
    expect(knownCardPrefix("4111111111111111")).toBe(true);
    expect(knownCardPrefix("5500005555555559")).toBe(true);
    expect(knownCardPrefix("378282246310005")).toBe(true);
    expect(knownCardPrefix("3782822463100051")).toBe(false); // Amex is 15 digits
    expect(knownCardPrefix("9111111111111111")).toBe(false);
  });
});
