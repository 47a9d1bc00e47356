import { expectedIn } from "../../../shared/periods";

/**
 * A member's organisation's part of each quarter in the list of quarters: typed indicators it
 * answers (expected that quarter), answers typed in, « J'ai terminé ». Same rules as a report's
 * `organisations` (domain/progress.ts): derived indicators count in neither term, annual ones in
 * Q4 only, a retired indicator only where it was answered. Pure: the rows come from grouped reads.
 */
export type QuarterPart = {
  organisationId: string;
  name: string;
  assigned: number;
  answered: number;
  doneAt: string | null;
};

export function quarterParts(input: {
  periods: readonly string[];
  /** Active typed indicators per organisation and periodicity. */
  counts: readonly { organisationId: string; periodicity: "quarterly" | "annual"; n: number }[];
  answered: readonly { organisationId: string; period: string; answered: number; retiredAnswered: number }[];
  /** One row per organisation and quarter it said « J'ai terminé » (period null: none). */
  parts: readonly { id: string; name: string; period: string | null; doneAt: string | null }[];
}): Map<string, QuarterPart[]> {
  const names = new Map<string, string>();
  const done = new Map<string, string | null>();
  for (const p of input.parts) {
    names.set(p.id, p.name);
    if (p.period) done.set(`${p.id}|${p.period}`, p.doneAt);
  }
  const answeredOf = new Map(input.answered.map((a) => [`${a.organisationId}|${a.period}`, a]));
  const ids = [...names.keys()].sort((a, b) => (names.get(a) ?? "").localeCompare(names.get(b) ?? "", "fr"));
  const result = new Map<string, QuarterPart[]>();
  for (const period of input.periods) {
    result.set(
      period,
      ids.map((id) => {
        const active = input.counts
          .filter((c) => c.organisationId === id && expectedIn(c.periodicity, period))
          .reduce((sum, c) => sum + Number(c.n), 0);
        const a = answeredOf.get(`${id}|${period}`);
        return {
          organisationId: id,
          name: names.get(id) ?? "",
          assigned: active + Number(a?.retiredAnswered ?? 0),
          answered: Number(a?.answered ?? 0),
          doneAt: done.get(`${id}|${period}`) ?? null,
        };
      }),
    );
  }
  return result;
}
