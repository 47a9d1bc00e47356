import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditRowsOf, db, department, organisation, type TestUser, user } from "../test/factories";
import { derived } from "./derived-providers";
import { indicators } from "./indicators/schema";
import { findOrganisation } from "./organisations/queries";
import { createOrganisation } from "./organisations/service";
import { fixedClock } from "./platform/clock";
import { ifMatchVersion } from "./platform/concurrency";
import { type Actor, systemActor, type Tenant } from "./platform/context";
import { createServices } from "./platform/services";
import { reportValueHistory } from "./reports/schema";
import { applyTransition, reportView, saveValues } from "./reports/service";

/**
 * What a cron run or a queue consumer does: services built from the Worker's `env` alone, the
 * tenant and the actor given explicitly. No Request, no Hono context anywhere in this file.
 */
const services = createServices(env, { derived, clock: fixedClock("2026-11-10T10:00:00.000Z") });
const tenant: Tenant = { departmentCode: "62", roles: ["prefecture"], memberships: [], organisationIds: [] };
const indicator = (code: string, fields: Partial<typeof indicators.$inferInsert> = {}) => ({
  code,
  label: `Indicateur ${code}`,
  unit: "count" as const,
  periodicity: "quarterly" as const,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  ...fields,
});

let prefecture: TestUser;

beforeAll(async () => {
  await department("62");
  await organisation("62", { kind: "association", createdAt: "2026-02-01T00:00:00Z" });
  prefecture = await user("prefecture", "62");
  await db()
    .insert(indicators)
    .values([
      indicator("N48-1", { measureNumber: 48 }),
      indicator("N30-1", { measureNumber: 30, derivedKey: "organisations.association" }),
    ]);
});

describe("writes without a request", () => {
  it("a cron job registers an organisation: the audit names system:cron and the job id", async () => {
    const created = await createOrganisation(services, systemActor("system:cron", "cron-2026-11-10"), "62", {
      kind: "association",
      name: "Association créée la nuit",
      rna: "W622000001",
    });
    expect(await findOrganisation(db(), "62", created.id)).toMatchObject({
      name: "Association créée la nuit",
    });
    const [row, ...others] = await auditRowsOf(created.id);
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({
      action: "organisation.created",
      departmentCode: "62",
      actorKind: "system:cron",
      requestId: "cron-2026-11-10",
      actorUserId: null,
      membershipId: null,
      clientRequestId: null,
      at: "2026-11-10T10:00:00.000Z",
    });
  });

  it("a queue consumer saves report values: the audit and the value history name the message", async () => {
    const actor = systemActor("system:queue", "msg-7");
    const { changed } = await saveValues(
      services,
      tenant,
      actor,
      "2026-Q3",
      [{ indicator: "N48-1", state: "value", value: 4, comment: null }],
      ifMatchVersion(0),
      "api",
    );
    expect(changed).toEqual(["N48-1"]);
    const view = await reportView(services, tenant, "2026-Q3");
    expect(view.version).toBe(1);
    expect(view.items.find((i) => i.indicator === "N48-1")).toMatchObject({ state: "value", value: 4 });
    // Derived through the registry, with no request either: the association created in February.
    expect(view.items.find((i) => i.indicator === "N30-1")).toMatchObject({ derived: true, value: 1 });

    const [row] = await auditRowsOf("2026-Q3");
    expect(row).toMatchObject({
      action: "report.values.save",
      actorKind: "system:queue",
      requestId: "msg-7",
      actorUserId: null,
      after: { version: 1, changed: ["N48-1"] },
    });
    const history = await db()
      .select()
      .from(reportValueHistory)
      .where(eq(reportValueHistory.indicatorCode, "N48-1"));
    expect(history).toMatchObject([{ changedBy: null, requestId: "msg-7", value: 4 }]);
  });

  it("a job acting for a person records that user and membership", async () => {
    const actor: Actor = {
      kind: "user",
      userId: prefecture.id,
      membershipId: prefecture.membershipId,
      requestId: "job-submit-1",
      clientRequestId: null,
    };
    await applyTransition(services, tenant, actor, "2026-Q3", "submit", ifMatchVersion(1));
    expect((await reportView(services, tenant, "2026-Q3")).status).toBe("submitted");
    const rows = await auditRowsOf("2026-Q3");
    expect(rows.at(-1)).toMatchObject({
      action: "report.submit",
      actorKind: "user",
      actorUserId: prefecture.id,
      membershipId: prefecture.membershipId,
      requestId: "job-submit-1",
    });
  });
});
