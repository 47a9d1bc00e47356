// A local stand-in for the public company register (recherche-entreprises.api.gouv.fr), answering
// GET /search?q=<siret> like the real one, with fixed data: no test reaches the network. Started by
// the workerd tests' globalSetup (default export) and by the browser tests' (e2e/global-setup.ts).
import { createServer, type Server } from "node:http";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    companyRegisterUrl: string;
  }
}

/** Fictitious but Luhn-valid SIRETs the mock knows, and those that make it misbehave. */
export const MOCK_SIRETS = {
  /** An open head office: « CENTRE D'ACCUEIL DES VICTIMES DU LITTORAL », 12 quai … Boulogne. */
  open: "99800000100011",
  /** A closed secondary establishment of a still active company. */
  closed: "99800000200019",
  /** A company that opted out of publication: name and address "[NON-DIFFUSIBLE]". */
  hidden: "99800000300017",
  /** Answered 500. */
  failing: "99800000400015",
  /** Answered after 5 s (beyond the Worker's 3 s timeout). */
  slow: "99800000500012",
  /** Answered 200 with a body that is not the register's shape. */
  garbled: "99800000600010",
} as const;

export const MOCK_OPEN = {
  name: "CENTRE D'ACCUEIL DES VICTIMES DU LITTORAL",
  address: "12 QUAI GAMBETTA 62200 BOULOGNE-SUR-MER",
};

const company = (siren: string, fields: Record<string, unknown>) => ({
  siren,
  nom_complet: "ENTREPRISE FICTIVE",
  nom_raison_sociale: "ENTREPRISE FICTIVE",
  etat_administratif: "A",
  date_fermeture: null,
  siege: null,
  matching_etablissements: [],
  ...fields,
});

function answerFor(q: string): { status: number; body: unknown; delayMs?: number } {
  const page = (results: unknown[]) => ({
    results,
    total_results: results.length,
    page: 1,
    per_page: 5,
    total_pages: 1,
  });
  switch (q) {
    case MOCK_SIRETS.open:
      return {
        status: 200,
        body: page([
          company("998000001", {
            nom_complet: MOCK_OPEN.name,
            siege: {
              siret: MOCK_SIRETS.open,
              adresse: MOCK_OPEN.address,
              etat_administratif: "A",
              date_fermeture: null,
            },
            matching_etablissements: [
              {
                siret: MOCK_SIRETS.open,
                adresse: MOCK_OPEN.address,
                etat_administratif: "A",
                est_siege: true,
              },
            ],
          }),
        ]),
      };
    case MOCK_SIRETS.closed:
      return {
        status: 200,
        body: page([
          company("998000002", {
            nom_complet: "MAISON DES FEMMES DE L'ARTOIS",
            siege: { siret: "99800000299999", adresse: "1 RUE NEUVE 62000 ARRAS", etat_administratif: "A" },
            matching_etablissements: [
              {
                siret: MOCK_SIRETS.closed,
                adresse: "8 PLACE DES HEROS 62000 ARRAS",
                etat_administratif: "F",
                date_fermeture: "2024-06-30",
                est_siege: false,
              },
            ],
          }),
        ]),
      };
    case MOCK_SIRETS.hidden:
      return {
        status: 200,
        body: page([
          company("998000003", {
            nom_complet: "[NON-DIFFUSIBLE]",
            nom_raison_sociale: null,
            siege: { siret: MOCK_SIRETS.hidden, adresse: "[NON-DIFFUSIBLE]", etat_administratif: "A" },
          }),
        ]),
      };
    case MOCK_SIRETS.failing:
      return { status: 500, body: { erreur: "Erreur interne" } };
    case MOCK_SIRETS.slow:
      return { status: 200, body: page([]), delayMs: 12_000 };
    case MOCK_SIRETS.garbled:
      return { status: 200, body: { message: "maintenance" } };
    default:
      // The real register answers a search with no match as an empty page.
      return { status: 200, body: page([]) };
  }
}

/** Starts the mock on a free port of 127.0.0.1; `queries` records every `q` it was asked. */
export async function startCompanyRegisterMock(): Promise<{
  url: string;
  queries: string[];
  stop(): Promise<void>;
}> {
  const queries: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://mock");
    if (url.pathname === "/test/queries") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ queries }));
      return;
    }
    if (url.pathname !== "/search") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ erreur: "Not found" }));
      return;
    }
    const q = url.searchParams.get("q") ?? "";
    queries.push(q);
    const { status, body, delayMs } = answerFor(q);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** vitest globalSetup of the workerd tests: the mock's URL is `inject("companyRegisterUrl")`. */
export default async function setup(project: TestProject) {
  const mock = await startCompanyRegisterMock();
  project.provide("companyRegisterUrl", mock.url);
  return () => mock.stop();
}
