import { describe, expect, it } from "vitest";
import { etagOf, ifMatchAllows, parseIfMatch } from "./concurrency";

describe("parseIfMatch", () => {
  it("reads strong and weak entity-tags", () => {
    expect(parseIfMatch('"3"')).toEqual([{ weak: false, opaque: "3" }]);
    expect(parseIfMatch('W/"3"')).toEqual([{ weak: true, opaque: "3" }]);
    expect(parseIfMatch('  "3"  ')).toEqual([{ weak: false, opaque: "3" }]);
  });

  it("reads lists, skipping empty elements", () => {
    expect(parseIfMatch('"1", W/"2" ,"3"')).toEqual([
      { weak: false, opaque: "1" },
      { weak: true, opaque: "2" },
      { weak: false, opaque: "3" },
    ]);
    expect(parseIfMatch(', "4",,')).toEqual([{ weak: false, opaque: "4" }]);
  });

  it("reads the wildcard", () => {
    expect(parseIfMatch("*")).toBe("*");
    expect(parseIfMatch(" * ")).toBe("*");
  });

  it("refuses garbage", () => {
    for (const garbage of [
      "3", // unquoted
      "garbage",
      '"3',
      '3"',
      'w/"3"', // the weak prefix is case-sensitive
      'W/ "3"',
      '"a"b"',
      '"with space"',
      '*, "3"', // the wildcard stands alone
      "**",
      ",",
      '"3" "4"', // a list needs commas
    ]) {
      expect(parseIfMatch(garbage), garbage).toBeUndefined();
    }
  });
});

describe("ifMatchAllows", () => {
  const allows = (header: string, version: number) => ifMatchAllows(parseIfMatch(header), version);

  it("lets a write proceed without If-Match", () => {
    expect(ifMatchAllows(undefined, 3)).toBe(true);
  });

  it("matches the version we issued as ETag, strong or weakened by a proxy", () => {
    expect(allows(etagOf(3), 3)).toBe(true);
    expect(allows('W/"3"', 3)).toBe(true);
    expect(allows('"2"', 3)).toBe(false);
    expect(allows('"03"', 3)).toBe(false);
    expect(allows('""', 0)).toBe(false);
  });

  it("matches a list when any of its tags matches", () => {
    expect(allows('"1", "3"', 3)).toBe(true);
    expect(allows('"1", "2"', 3)).toBe(false);
  });

  it("matches * whatever the version (a current representation exists)", () => {
    expect(allows("*", 0)).toBe(true);
    expect(allows("*", 42)).toBe(true);
  });
});
