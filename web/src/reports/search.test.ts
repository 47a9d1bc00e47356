import { describe, expect, it } from "vitest";
import type { ReportItem } from "../../../shared/reports";
import { filterItems } from "./model";
import { reportItem } from "./report-item.fixture";

const item = (indicator: string, label: string): ReportItem =>
  reportItem(indicator, { label, measureNumber: 48 });

const items = [
  item("N48-1", "Téléphones grave danger attribués"),
  item("N48-2", "Bracelets anti-rapprochement"),
  item("62-2.5-1", "Nombre d'intervenants sociaux en commissariat"),
];
const codes = (query: string) =>
  filterItems(items, { mine: null, only: null, query }).map((i) => i.indicator);

describe("searching the entry page", () => {
  it("finds an indicator by its code, however it is typed", () => {
    expect(codes("N48-1")).toEqual(["N48-1"]);
    expect(codes("n48 1")).toEqual(["N48-1"]);
    expect(codes("62-2.5")).toEqual(["62-2.5-1"]);
  });

  it("finds indicators by a word of their label, without accents or case", () => {
    expect(codes("telephone")).toEqual(["N48-1"]);
    expect(codes("COMMISSARIAT")).toEqual(["62-2.5-1"]);
    expect(codes("")).toEqual(["N48-1", "N48-2", "62-2.5-1"]);
    expect(codes("aucun indicateur")).toEqual([]);
  });
});
