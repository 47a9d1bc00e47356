import { beforeAll, describe, expect, it } from "vitest";
import type { Contract } from "../../shared/contracts";
import {
  callAt,
  commune,
  department,
  epci,
  epciMembers,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { pdfText } from "../../test/pdf";
import { isWinAnsi, winAnsiSafe } from "../platform/pdf-text";

const base = "/api/v1/departments/62/contracts";
const NOW = "2026-06-20T10:00:00Z";
let coordinator: TestUser;
let outsider: TestUser;
let contract: Contract;

beforeAll(async () => {
  await department("62");
  await commune("62", { population: 42875 });
  await commune("62", { inseeCode: "62004", siren: "216200048", name: "Achicourt", population: 7899 });
  await epci("62");
  await epciMembers("62", "200033579", ["62041", "62004"]);
  const cu = await organisation("62", {
    kind: "epci",
    name: "Communauté urbaine d'Arras",
    siren: "200033579",
    rna: null,
  });
  const cidff = await organisation("62", { name: "CIDFF — Œuvre « Égalité » à Béthune" });
  coordinator = await user("member", "62", cu.id);
  outsider = await user("member", "62", (await organisation("62")).id);
  const res = await callAt(NOW, "POST", base, {
    headers: coordinator.headers,
    body: {
      // U+202F (narrow no-break space, French typography) cannot be encoded by the PDF's standard fonts.
      title: "Contrat local « Arras\u202fensemble » <b>2026</b> ≥ 3 ans",
      carrierOrganisationId: cu.id,
      council: "cispd",
      coordinator: {
        name: "Hélène Lefèvre",
        function: "Coordinatrice du CISPD",
        email: "h.lefevre@cu-arras.fr",
      },
      startsOn: "2026-07-01",
      endsOn: "2029-06-30",
      signatories: [{ organisationId: cidff.id, role: "Accès aux droits des femmes" }],
      components: [{ key: "training", state: "in_progress", text: "Formation du primo-accueil : 12 agents" }],
    },
  });
  contract = (await res.json()) as Contract;
});

describe("characters the PDF's standard fonts cannot encode", () => {
  it("are mapped: typographic spaces to a no-break space, ≥ and arrows to ASCII, other accents dropped, the rest '?'", () => {
    expect(winAnsiSafe("Arras\u202f: « été » — œuvre ’ € …")).toBe("Arras\u00a0: « été » — œuvre ’ € …");
    expect(winAnsiSafe("≥ 3 → 4 ‑ ✓")).toBe(">= 3 -> 4 - v");
    expect(winAnsiSafe("Łódź ĉ 😀")).toBe("?ódz c ?");
    expect([...winAnsiSafe("Zoë Ÿ ŝ ǅ 中")].every(isWinAnsi)).toBe(true);
  });
});

describe("the contract's summary", () => {
  it("as PDF: the carrier, coordinator, signatories and components with their French accents, read back from the file", async () => {
    const res = await callAt(NOW, "GET", `${base}/${contract.id}/summary.pdf`, {
      headers: coordinator.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="contrat-62-/);
    const lines = await pdfText(new Uint8Array(await res.arrayBuffer()));
    const text = lines.join("\n");
    expect(text).toContain("Communauté urbaine d'Arras (Intercommunalité (EPCI))");
    expect(text).toContain("Contrat local « Arras\u00a0ensemble » <b>2026</b> >= 3 ans");
    expect(text).toContain("Hélène Lefèvre, Coordinatrice du CISPD — h.lefevre@cu-arras.fr");
    expect(text).toContain("CIDFF — Œuvre « Égalité » à Béthune");
    expect(text).toContain("Accès aux droits des femmes — signature attendue");
    expect(text).toContain("Engagement de formation");
    expect(text).toContain("En cours — Formation du primo-accueil : 12 agents");
    expect(text).toContain("2 — 50\u00a0774 habitants");
    expect(text).toContain("Achicourt, Arras");
  });

  it("as printable HTML, escaped, in French", async () => {
    const res = await callAt(NOW, "GET", `${base}/${contract.id}/summary.html`, {
      headers: coordinator.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("&lt;b&gt;2026&lt;/b&gt;");
    expect(html).not.toContain("<b>2026</b>");
    expect(html).toContain(
      "<dt>Collectivité</dt><dd>Communauté urbaine d&#39;Arras (Intercommunalité (EPCI))</dd>",
    );
  });

  it("is refused to a member who cannot see the contract (404)", async () => {
    const res = await callAt(NOW, "GET", `${base}/${contract.id}/summary.pdf`, { headers: outsider.headers });
    expect(res.status).toBe(404);
  });
});
