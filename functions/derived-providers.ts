import { contractsDerived } from "./contracts/derived";
import { conventionsDerived } from "./conventions/derived";
import { governanceDerived } from "./governance/derived";
import { organisationsDerived } from "./organisations/derived";
import { placementsDerived } from "./placements/derived";
import { derivedRegistry } from "./platform/derived";

/**
 * Every capability's derived indicators. A new one = a `derived.ts` in the capability's folder
 * and one line here; reports and the national view read them through the registry only.
 */
export const derivedProviders = [
  organisationsDerived,
  contractsDerived,
  placementsDerived,
  conventionsDerived,
  governanceDerived,
];

export const derived = derivedRegistry(derivedProviders);
