import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { demoStatements } from "../../scripts/seed-data";
import { demoPlacementStatements } from "../../scripts/seed-placements";
import type { Application, OfferPage } from "../../shared/placements";
import { call, department, type TestUser, user } from "../../test/factories";

/** The demo seed's placements load into the migrated schema, show on the board, and a second run changes nothing. */
let fv: TestUser;
let prefecture: TestUser;

const run = async (statements: string[]) => {
  for (const s of statements) await env.DB.prepare(s).run();
};
const count = async (table: string) =>
  ((await env.DB.prepare(`select count(*) as n from ${table}`).first()) as { n: number }).n;

beforeAll(async () => {
  await department("62");
  await department("59");
  await run(demoStatements());
  await run(demoPlacementStatements());
  const org = (await env.DB.prepare("select id from organisations where rna = 'W622000001'").first()) as {
    id: string;
  };
  fv = await user("member", "62", org.id);
  prefecture = await user("prefecture", "62");
});

it("shows France Victimes 62's offer of 2 places on the board, with one application in its inbox", async () => {
  const board = (await (
    await call("GET", "/api/v1/departments/62/placements", { headers: fv.headers })
  ).json()) as OfferPage;
  const offer = board.items.find((o) => o.host.name === "France Victimes 62");
  expect(offer).toMatchObject({ capacity: 2, status: "published", viewer: { canManage: true } });
  expect(board.items.every((o) => o.status !== "draft" || o.viewer.canManage)).toBe(true);
  const inbox = (await (
    await call("GET", "/api/v1/departments/62/placement-applications?side=host", { headers: fv.headers })
  ).json()) as { items: Application[] };
  expect(inbox.items).toHaveLength(1);
  expect(inbox.items[0]).toMatchObject({
    status: "pending",
    applicantOrganisation: { name: "Communauté urbaine d'Arras" },
  });
  const all = (await (
    await call("GET", "/api/v1/departments/62/placements", { headers: prefecture.headers })
  ).json()) as OfferPage;
  expect(all.total).toBe(4);
});

it("is idempotent", async () => {
  const before = [
    await count("placement_offers"),
    await count("placement_offer_professions"),
    await count("placement_applications"),
  ];
  await run(demoPlacementStatements());
  expect([
    await count("placement_offers"),
    await count("placement_offer_professions"),
    await count("placement_applications"),
  ]).toEqual(before);
});
