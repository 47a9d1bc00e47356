import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { db, department, indicator, organisation, type TestUser, token, user } from "../../test/factories";
import { createApp } from "../app";
import { derivedProviders } from "../derived-providers";
import { actionSheets, axes, indicators } from "../indicators/schema";
import { fixedClock } from "../platform/clock";
import { D1_STATS_HEADERS } from "../platform/d1-stats";
import { chunk } from "../platform/db";

/**
 * What the pages users wait on ask of D1, counted on the real code path (D1_STATS=1 wraps the
 * binding; see platform/d1-stats.ts). A `db.batch` is one round trip. An API token costs one
 * statement (its lookup); the report routes add the département guard's one.
 */

const NOW = "2026-11-10T10:00:00Z";
const Q3 = "/departments/62/periods/2026-Q3/report";
const TYPED = 20;

type Counted = { status: number; statements: number; roundTrips: number; body: string; etag: string | null };

async function counted(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: BodyInit,
): Promise<Counted> {
  const { app } = createApp({ clock: fixedClock(NOW) });
  const res = await app.fetch(
    new Request(`https://maillage.test/api/v1${path}`, { method, headers, body }),
    { ...env, D1_STATS: "1" },
    createExecutionContext(),
  );
  return {
    status: res.status,
    statements: Number(res.headers.get(D1_STATS_HEADERS.statements)),
    roundTrips: Number(res.headers.get(D1_STATS_HEADERS.roundTrips)),
    body: await res.text(),
    etag: res.headers.get("etag"),
  };
}

let prefecture: Record<string, string>;
let national: Record<string, string>;
let prefectureUser: TestUser;
let member: Record<string, string>;

const typedCodes = Array.from({ length: TYPED }, (_, i) => `N${i + 1}-1`);

beforeAll(async () => {
  await department("62");
  await department("59");
  const asso = await organisation("62", { kind: "association", createdAt: "2026-02-01T00:00:00Z" });
  prefectureUser = await user("prefecture", "62");
  member = (await token(await user("member", "62", asso.id))).headers;
  prefecture = (await token(prefectureUser)).headers;
  national = (await token(await user("national"))).headers;
  await db().batch([
    db().insert(axes).values({ departmentCode: "62", code: "2", title: "Protéger" }),
    db().insert(actionSheets).values({
      departmentCode: "62",
      code: "2.5",
      axisCode: "2",
      title: "Accueil des victimes",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    }),
    // D1 binds 100 parameters at most: a few indicators per statement.
    ...chunk(
      [
        ...typedCodes.slice(0, TYPED - 1).map((code, i) => indicator(code, { measureNumber: i + 1 })),
        indicator(typedCodes[TYPED - 1] as string, { departmentCode: "62", sheetCode: "2.5" }),
        indicator("N90-1", { measureNumber: 90, derivedKey: "organisations.association" }),
      ],
      20,
    ).map((rows) => db().insert(indicators).values(rows)),
  ]);
  // Each token's first use records when it was used (at most once a minute): not what is measured.
  await counted("GET", "/me", prefecture);
  await counted("GET", "/me", national);
  await counted("GET", "/me", member);
});

const body = (round: number) => ({
  values: typedCodes.map((code, i) => ({ indicator: code, state: "value", value: round * 100 + i })),
});

const csv = (round: number) =>
  `indicateur;etat;valeur;commentaire\n${typedCodes.map((code, i) => `${code};valeur;${round * 100 + i};`).join("\n")}\n`;

/**
 * The statements of a write of TYPED values (reports/service.ts): D1 binds 100 parameters at most,
 * so 12 upserted values (8 columns) and 9 history rows (11 columns) per statement.
 */
const writeBatch =
  1 + // conditional update of the report row (its version)
  1 + // write guard: changes() of that update
  Math.ceil(TYPED / Math.floor(100 / 8)) + // report_values upserts
  Math.ceil(TYPED / Math.floor(100 / 11)) + // report_value_history
  1 + // audit event
  1; // write guard removed
/** Département, indicators, report row, values (this quarter and the previous), one per derived provider. */
// département, indicators, report, values, organisations (with their part), people, one per derived provider
const readBatch = 6 + derivedProviders.length;

describe("D1 statements and round trips per request", () => {
  it("reads a quarter report in 2 round trips: token with the département guard, one batch", async () => {
    const res = await counted("GET", Q3, prefecture);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).items).toHaveLength(TYPED + 1);
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      statements: 1 + 1 + readBatch,
      roundTrips: 2,
    });
  });

  it("signed in with a session: the session, its memberships and the guard in one round trip", async () => {
    const cookie = { cookie: prefectureUser.headers.cookie as string };
    const me = await counted("GET", "/me", cookie);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body).memberships).toHaveLength(1);
    // The session and its memberships in one round trip (two before), then /me's own read.
    expect({ statements: me.statements, roundTrips: me.roundTrips }).toEqual({
      statements: 2 + 1,
      roundTrips: 2,
    });
    const res = await counted("GET", Q3, cookie);
    expect(res.status).toBe(200);
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      statements: 2 + 1 + readBatch,
      roundTrips: 2,
    });
    // The guard's answer comes from that round trip: an unknown département is still 404.
    const unknown = await counted("GET", "/departments/99/periods/2026-Q3/report", cookie);
    expect({ status: unknown.status, roundTrips: unknown.roundTrips }).toEqual({
      status: 404,
      roundTrips: 1,
    });
  });

  it("reads the national report view in 2 round trips", async () => {
    const res = await counted("GET", "/national/reports?period=2026-Q3", national);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).items).toHaveLength(2);
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      statements: 1 + 4,
      roundTrips: 2,
    });
  });

  it("reads one indicator over quarters in 2 round trips, 3 when it is derived", async () => {
    const typed = await counted("GET", "/national/indicators/N1-1?from=2025-Q4&to=2026-Q3", national);
    expect(typed.status).toBe(200);
    // principal + guard; then one batch: indicator, départements, values, populations.
    expect({ statements: typed.statements, roundTrips: typed.roundTrips }).toEqual({
      statements: 1 + 4,
      roundTrips: 2,
    });
    const derived = await counted("GET", "/national/indicators/N90-1?from=2025-Q4&to=2026-Q3", national);
    expect(derived.status).toBe(200);
    expect(JSON.parse(derived.body).departments).toContainEqual(
      expect.objectContaining({
        departmentCode: "62",
        values: expect.arrayContaining([{ period: "2026-Q3", state: "value", value: 1 }]),
      }),
    );
    expect({ statements: derived.statements, roundTrips: derived.roundTrips }).toEqual({
      statements: 1 + 4 + 1,
      roundTrips: 3,
    });
  });

  it("saves a quarter (PUT) in 3 round trips and answers the report as a new read shows it", async () => {
    const etag = (await counted("GET", Q3, prefecture)).etag as string;
    const res = await counted(
      "PUT",
      `${Q3}/values`,
      { ...prefecture, "if-match": etag, "content-type": "application/json" },
      JSON.stringify(body(1)),
    );
    expect(res.status, res.body).toBe(200);
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      // one read batch (with the writer's e-mail), one write batch
      statements: 1 + 1 + (readBatch + 1) + writeBatch,
      roundTrips: 3,
    });
    const fresh = await counted("GET", Q3, prefecture);
    expect(res.etag).toBe(fresh.etag);
    expect(JSON.parse(res.body)).toEqual(JSON.parse(fresh.body));
  });

  it("imports the same quarter as a CSV with the same statements as the PUT, answering as a new read", async () => {
    const etag = (await counted("GET", Q3, prefecture)).etag as string;
    const form = new FormData();
    form.append("file", new File([csv(2)], "rapport.csv"));
    const res = await counted("POST", `${Q3}/import`, { ...prefecture, "if-match": etag }, form);
    expect(res.status, res.body).toBe(200);
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      statements: 1 + 1 + (readBatch + 1) + writeBatch,
      roundTrips: 3,
    });
    const result = JSON.parse(res.body);
    expect(result.changed).toHaveLength(TYPED);
    const fresh = await counted("GET", Q3, prefecture);
    expect(res.etag).toBe(fresh.etag);
    expect(result.report).toEqual(JSON.parse(fresh.body));
  });

  it("answers a transition with the report as a new read shows it, in 3 round trips", async () => {
    const etag = (await counted("GET", Q3, prefecture)).etag as string;
    const res = await counted("POST", `${Q3}/submit`, { ...prefecture, "if-match": etag });
    expect(res.status, res.body).toBe(200);
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      // read batch (with the actor's e-mail: "soumis par"); conditional update, guard, audit, guard removed
      statements: 1 + 1 + (readBatch + 1) + 4,
      roundTrips: 3,
    });
    const fresh = await counted("GET", Q3, prefecture);
    expect(JSON.parse(res.body)).toMatchObject({ status: "submitted" });
    expect(JSON.parse(res.body)).toEqual(JSON.parse(fresh.body));
  });

  it("answers the first write of a quarter (no report row yet) as a new read shows it", async () => {
    const path = "/departments/62/periods/2026-Q2/report";
    const res = await counted(
      "PUT",
      `${path}/values`,
      { ...prefecture, "if-match": '"0"', "content-type": "application/json" },
      JSON.stringify({ values: [{ indicator: "N1-1", state: "not_available", comment: "Pas de source" }] }),
    );
    expect(res.status, res.body).toBe(200);
    const fresh = await counted("GET", path, prefecture);
    expect(res.etag).toBe('"1"');
    expect(JSON.parse(res.body)).toEqual(JSON.parse(fresh.body));
    expect(
      JSON.parse(res.body).items.find((i: { indicator: string }) => i.indicator === "N1-1"),
    ).toMatchObject({ state: "not_available", comment: "Pas de source", updatedBy: prefectureUser.email });
  });

  it("lists nine quarters in 2 round trips; a member's own progress adds 3 statements, no round trip", async () => {
    const res = await counted("GET", "/departments/62/reports", prefecture);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).items).toHaveLength(9);
    // token with the guard; one batch: département, indicator counts, reports, answers, earliest
    expect({ statements: res.statements, roundTrips: res.roundTrips }).toEqual({
      statements: 1 + 1 + 5,
      roundTrips: 2,
    });
    const mine = await counted("GET", "/departments/62/reports", member);
    expect(mine.status).toBe(200);
    expect(JSON.parse(mine.body).items[0].ownOrganisations).toHaveLength(1);
    // + the organisation's indicator counts, its answers per quarter, its name and « terminé »
    expect({ statements: mine.statements, roundTrips: mine.roundTrips }).toEqual({
      statements: 1 + 1 + 5 + 3,
      roundTrips: 2,
    });
  });

  it("counts nothing without D1_STATS", async () => {
    const { app } = createApp({ clock: fixedClock(NOW) });
    const res = await app.fetch(
      new Request(`https://maillage.test/api/v1${Q3}`, { headers: prefecture }),
      env,
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get(D1_STATS_HEADERS.statements)).toBeNull();
  });
});
