import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../test/factories";
import { users } from "../auth/schema";
import { contracts } from "../contracts/schema";
import { departments } from "../departments/schema";
import { derived } from "../derived-providers";
import { indicatorAssignments } from "../indicators/schema";
import { memberships } from "../members/schema";
import { organisations } from "../organisations/schema";
import { countingD1, newD1Stats } from "../platform/d1-stats";
import { chunk } from "../platform/db";
import { createServices } from "../platform/services";
import { reminderSources } from "../reminder-sources";
import { reports } from "../reports/schema";
import { type ReminderQueue, runReminders } from "./service";

/** 101 départements: 101 codes, each with a prefecture user, 3 responsible organisations and their members, a contract ending soon. */
const CODES = Array.from({ length: 101 }, (_, i) => `d${String(i).padStart(3, "0")}`);
const NOW = "2026-01-01T00:00:00Z";

async function insertAll<T extends Record<string, unknown>>(
  table: Parameters<ReturnType<typeof db>["insert"]>[0],
  rows: T[],
) {
  // Columns with a default (version…) are bound too: leave room.
  const columns = Object.keys(rows[0] ?? {}).length + 3;
  for (const part of chunk(rows, columns))
    await db()
      .insert(table)
      .values(part as never);
}

beforeAll(async () => {
  await insertAll(
    departments,
    CODES.map((code, i) => ({
      code,
      name: `Département ${code}`,
      regionCode: "00",
      regionName: "Région",
      reportDueDays: 30,
      memberEntryDays: i % 2 ? 20 : null,
    })),
  );
  const orgs = CODES.flatMap((code) =>
    [0, 1, 2].map((n) => ({
      departmentCode: code,
      id: `${code}-org-${n}`,
      kind: "association",
      name: `Association ${n}`,
      searchName: `association ${n}`,
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
  await insertAll(organisations, orgs);
  const people = CODES.flatMap((code) => [
    { id: `${code}-prefecture`, email: `prefecture-${code}@maillage.test`, name: null },
    ...[0, 1, 2].map((n) => ({
      id: `${code}-member-${n}`,
      email: `member-${n}-${code}@maillage.test`,
      name: null,
    })),
  ]);
  await insertAll(users, people);
  await insertAll(
    memberships,
    people.map((p) => ({
      id: `m-${p.id}`,
      userId: p.id,
      departmentCode: p.id.slice(0, 4),
      organisationId: p.id.includes("member") ? `${p.id.slice(0, 4)}-org-${p.id.slice(-1)}` : null,
      role: p.id.includes("member") ? ("member" as const) : ("prefecture" as const),
      createdAt: NOW,
    })),
  );
  await insertAll(
    indicatorAssignments,
    orgs.map((o, i) => ({
      departmentCode: o.departmentCode,
      indicatorCode: `N${i}-1`,
      organisationId: o.id,
    })),
  );
  await insertAll(
    reports,
    CODES.filter((_, i) => i % 3 === 0).map((code) => ({
      departmentCode: code,
      period: "2026-Q3",
      status: "submitted" as const,
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
  await insertAll(
    contracts,
    CODES.map((code) => ({
      departmentCode: code,
      id: `${code}-contract`,
      title: "Contrat local",
      carrierOrganisationId: `${code}-org-0`,
      council: "clspd" as const,
      coordinatorName: "A",
      coordinatorFunction: "B",
      coordinatorEmail: "a@example.fr",
      state: "signed" as const,
      signedOn: "2026-01-10",
      startsOn: "2026-02-01",
      endsOn: "2027-01-15",
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
});

const nullQueue = (): ReminderQueue & { count: number } => {
  const q = {
    count: 0,
    async sendBatch(messages: Iterable<unknown>) {
      q.count += [...messages].length;
      return undefined as never;
    },
  };
  return q;
};

async function measuredRun(at: string) {
  const stats = newD1Stats();
  const dbBinding = countingD1(env.DB, stats);
  const queue = nullQueue();
  const started = performance.now();
  const result = await runReminders(
    createServices({ ...env, DB: dbBinding }, { derived }),
    queue,
    reminderSources,
    "daily",
    new Date(at),
  );
  return { result, stats, ms: performance.now() - started, messages: queue.count };
}

describe("one run for 101 départements", () => {
  it("decides and enqueues within 10 s, in a bounded number of D1 statements", async () => {
    // Monday 2 November 2026, 08:30 Paris: Q3 overdue where not submitted, members' entry closed,
    // every contract ending within 90 days.
    const { result, stats, ms, messages } = await measuredRun("2026-11-02T07:30:00Z");
    console.log(JSON.stringify({ message: "reminders at scale", ...result, ...stats, ms: Math.round(ms) }));
    expect(result.departments).toBe(101);
    expect(result.queued).toBe(messages);
    // Overdue (2 of 3 départements) to the prefecture; contracts to the prefecture and a member.
    expect(result.queued).toBe(67 * 1 + 101 * 2 + 101 * 1 /* Q2 overdue too: no report row */);
    expect(ms).toBeLessThan(10_000);
    // departments + reports/settings batch (2) + contracts (1) + governance batch (2) + conventions (1)
    // + recipients batch (2) + inserts (1 batch) + the codes (1): one round trip per source, whatever
    // the number of départements.
    expect(stats.roundTrips).toBeLessThanOrEqual(8);
    expect(stats.statements).toBeLessThanOrEqual(12);
  });

  it("the same run again writes and enqueues nothing, with the same statements", async () => {
    const { result, stats } = await measuredRun("2026-11-02T07:30:00Z");
    expect(result.queued).toBe(0);
    expect(stats.roundTrips).toBeLessThanOrEqual(8);
  });
});
