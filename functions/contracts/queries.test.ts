import { beforeAll, describe, expect, it } from "vitest";
import { CONTRACT_STATUSES } from "../../shared/contracts";
import { db, department } from "../../test/factories";
import { newId } from "../platform/ids";
import type { ContractState } from "./domain/contract";
import { type Lifecycle, statusOn } from "./domain/status";
import { insertContract, listContracts } from "./queries";

/** The list's status filter (SQL) and the status shown (domain/status.ts) must always agree. */
const lifecycles: Lifecycle[] = [];
const dates = [null, "2026-03-01", "2026-06-30", "2026-07-01", "2026-12-31"];
for (const state of ["draft", "signed", "terminated"] as const)
  for (const startsOn of dates)
    for (const endsOn of [null, "2026-06-30", "2026-12-31"])
      for (const terminatedOn of state === "terminated" ? ["2026-07-01", "2026-12-31"] : [null])
        lifecycles.push({
          state,
          signedOn: state === "draft" ? null : "2026-02-15",
          startsOn,
          endsOn,
          terminatedOn,
        });

const ids = new Map<string, Lifecycle>();

beforeAll(async () => {
  await department("62");
  for (const l of lifecycles) {
    const id = newId();
    ids.set(id, l);
    const c: ContractState = {
      ...l,
      title: "t",
      carrierOrganisationId: "o",
      council: "clspd",
      coordinator: { name: "n", function: "f", email: "e@x.fr" },
      terminationReason: l.terminatedOn ? "r" : null,
      communes: [],
      signatories: [],
      components: [],
    };
    await insertContract(db(), "62", id, c, "2026-01-01T00:00:00Z");
  }
});

describe("status filter in SQL", () => {
  it.each(["2026-02-14", "2026-03-01", "2026-06-30", "2026-07-01", "2026-12-31", "2027-01-01"])(
    "on %s, selects exactly the contracts whose computed status matches",
    async (day) => {
      for (const status of CONTRACT_STATUSES) {
        const rows = await listContracts(db(), "62", { limit: 1000, status, today: day, visibleTo: null });
        const expected = [...ids].filter(([, l]) => statusOn(l, day) === status).map(([id]) => id);
        expect(rows.map((r) => r.id).sort(), `${status} on ${day}`).toEqual(expected.sort());
      }
    },
  );
});
