import type { Coverage } from "../../../shared/contracts";
import { inForceOn, type Lifecycle } from "./status";

export type CoverageInput = Lifecycle & {
  carrierOrganisationId: string;
  communes: readonly string[];
  signatories: readonly { organisationId: string }[];
};

/**
 * What the contracts in force on a day cover: how many, how many partner organisations (carriers
 * and signatories, each counted once), and the population of the communes they cover (a commune
 * covered by two contracts counts once), with its share of the département's population.
 */
export function coverageOn(
  contracts: readonly CoverageInput[],
  populationOf: (inseeCode: string) => number,
  departmentPopulation: number,
  day: string,
): Coverage {
  const live = contracts.filter((c) => inForceOn(c, day));
  const partners = new Set(
    live.flatMap((c) => [c.carrierOrganisationId, ...c.signatories.map((s) => s.organisationId)]),
  );
  const communes = new Set(live.flatMap((c) => c.communes));
  const coveredPopulation = [...communes].reduce((sum, code) => sum + populationOf(code), 0);
  return {
    on: day,
    contractsInForce: live.length,
    partners: partners.size,
    coveredPopulation,
    population: departmentPopulation,
    share: shareOf(coveredPopulation, departmentPopulation),
  };
}

/** A share between 0 and 1, rounded to 4 decimals (0.1234 = 12.34 %); 0 for an empty département. */
export const shareOf = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
