import { describe, expect, it } from "vitest";
import { type DerivedDefinition, type DerivedStatement, derivedProvider, derivedRegistry } from "./derived";

const def = (key: string): DerivedDefinition => ({ key, label: key, unit: "count", description: "" });

/** A provider whose "statement" is a tagged stand-in and whose values come from the rows it is given. */
function fake(name: string, keys: string[], queried: string[] = []) {
  return derivedProvider({
    definitions: keys.map(def),
    query: (_db, scope) => {
      queried.push(`${name}:${scope.periods.join(",")}`);
      return name as unknown as DerivedStatement<number>;
    },
    values: (rows: number) => (departmentCode, period, key) =>
      `${rows}|${departmentCode}|${period}|${key}`.length,
  });
}

const db = {} as Parameters<ReturnType<typeof derivedRegistry>["read"]>[0];
const scope = { departmentCodes: ["62"], periods: ["2026-Q3"] };

describe("the derived-indicator registry", () => {
  it("refuses a key declared twice or not shaped <capability>.<name>", () => {
    expect(() => derivedRegistry([fake("a", ["a.one"]), fake("b", ["a.one"])])).toThrow(/twice/);
    expect(() => derivedRegistry([fake("a", ["Total"])])).toThrow(/capability/);
    expect(() => derivedRegistry([fake("a", ["nodot"])])).toThrow(/capability/);
  });

  it("reads one statement per provider concerned, and only those", () => {
    const queried: string[] = [];
    const registry = derivedRegistry([fake("a", ["a.one", "a.two"], queried), fake("b", ["b.one"], queried)]);
    expect(registry.read(db, scope, ["a.one", "a.two"]).statements).toEqual(["a"]);
    expect(registry.read(db, scope, ["b.one"]).statements).toEqual(["b"]);
    expect(registry.read(db, scope).statements).toEqual(["a", "b"]);
    expect(queried).toEqual(["a:2026-Q3", "b:2026-Q3", "a:2026-Q3", "b:2026-Q3"]);
    expect(registry.read(db, { departmentCodes: "all", periods: [] }).statements).toEqual([]);
    expect(registry.read(db, { departmentCodes: [], periods: ["2026-Q3"] }).statements).toEqual([]);
    expect(() => registry.read(db, scope, ["c.none"])).toThrow(/unknown/);
  });

  it("hands each provider the result of its own statement", () => {
    const registry = derivedRegistry([fake("a", ["a.one"]), fake("b", ["b.one"])]);
    const reads = registry.read(db, scope);
    const value = reads.values([1, 22]);
    expect(value("62", "2026-Q3", "a.one")).toBe("1|62|2026-Q3|a.one".length);
    expect(value("62", "2026-Q3", "b.one")).toBe("22|62|2026-Q3|b.one".length);
    const onlyB = registry.read(db, scope, ["b.one"]).values([333]);
    expect(onlyB("62", "2026-Q3", "b.one")).toBe("333|62|2026-Q3|b.one".length);
    expect(() => onlyB("62", "2026-Q3", "a.one")).toThrow(/not read/);
  });
});
