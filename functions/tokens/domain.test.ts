import { describe, expect, it } from "vitest";
import { sha256Hex } from "../platform/ids";
import { displayPrefix, expiryFrom, generateToken } from "./domain";

describe("API token rules", () => {
  it("a token is mlg_ followed by 32 random bytes in base64url; only its SHA-256 is kept", async () => {
    const a = await generateToken();
    const b = await generateToken();
    expect(a.secret).toMatch(/^mlg_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(await sha256Hex(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.prefix).toBe(a.secret.slice(0, 8));
    expect(displayPrefix("mlg_abcdefgh")).toBe("mlg_abcd");
  });

  it("expiry is 1 to 365 whole days", () => {
    const now = new Date("2026-11-23T10:00:00.000Z");
    expect(expiryFrom(now, 1).toISOString()).toBe("2026-11-24T10:00:00.000Z");
    expect(expiryFrom(now, 365).toISOString()).toBe("2027-11-23T10:00:00.000Z");
    expect(() => expiryFrom(now, 0)).toThrow(RangeError);
    expect(() => expiryFrom(now, 366)).toThrow(RangeError);
    expect(() => expiryFrom(now, 1.5)).toThrow(RangeError);
  });
});
