import { describe, expect, it } from "vitest";
import {
  DEFAULT_TEMPLATE,
  renderTemplate,
  SAMPLE_VALUES,
  templateProblems,
  unknownPlaceholders,
} from "./conventions";

describe("the convention template", () => {
  it("the French default names the parties and covers insurance, secrecy and the right to end the placement", () => {
    expect(templateProblems(DEFAULT_TEMPLATE)).toEqual([]);
    const text = renderTemplate(DEFAULT_TEMPLATE, SAMPLE_VALUES)
      .map((b) => b.text)
      .join("\n");
    for (const part of [
      "France Victimes 62 (structure d'accueil",
      "Brigade de gendarmerie de Saint-Pol-sur-Ternoise (structure d'origine)",
      "Camille Lefèvre, Gendarmerie",
      "du 12/10/2026 au 13/10/2026 (4 demi-journées), à Arras",
      "Article 5 — Assurance et responsabilité",
      "tenu(e) au secret professionnel",
      "Article 7 — Fin anticipée du stage",
    ])
      expect(text).toContain(part);
    expect(text).not.toContain("{{");
  });

  it("renders # as the title, ## as headings, lines joined into paragraphs split by blank lines", () => {
    expect(
      renderTemplate("# T {{lieu}}\r\n\nligne 1\nligne 2\n\n## H\nfin {{inconnu}}", SAMPLE_VALUES),
    ).toEqual([
      { kind: "title", text: "T Arras" },
      { kind: "paragraph", text: "ligne 1 ligne 2" },
      { kind: "heading", text: "H" },
      { kind: "paragraph", text: "fin {{inconnu}}" },
    ]);
  });

  it("refuses unknown fields and a text that does not name the three parties", () => {
    expect(unknownPlaceholders("{{ lieu }} {{salaire}} {{salaire}} {{x}}")).toEqual(["salaire", "x"]);
    expect(templateProblems("{{structure_accueil}} {{structure_envoi}}")).toEqual([
      "La convention doit nommer les parties : ajoutez {{stagiaire}}.",
    ]);
  });
});
