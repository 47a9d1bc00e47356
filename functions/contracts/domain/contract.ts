import type {
  AmendmentCreate,
  ComponentDefinition,
  ComponentState,
  ContractCreate,
  ContractUpdate,
  Council,
  Signature,
} from "../../../shared/contracts";
import { type Lifecycle, statusOn } from "./status";

/**
 * A contract's content as one value: what a version snapshot stores, what every rule below takes
 * and returns. The rules are pure; the service loads this state, applies a rule and writes the
 * result with a snapshot and an audit event in one batch.
 */
export type ContractState = Lifecycle & {
  title: string;
  carrierOrganisationId: string;
  council: Council;
  coordinator: { name: string; function: string; email: string };
  terminationReason: string | null;
  /** INSEE codes, sorted. */
  communes: string[];
  signatories: SignatoryState[];
  components: ComponentEntry[];
};

export type SignatoryState = {
  organisationId: string;
  role: string;
  signerName: string | null;
  signerFunction: string | null;
  signedOn: string | null;
};

export type ComponentEntry = { key: string; state: ComponentState; text: string };

export type FieldRefusal = { pointer: string; detail: string };
/** Why a rule refuses: bad input (422, with the fields) or a state that does not allow it (409). */
export type Refusal =
  | { kind: "invalid"; errors: FieldRefusal[] }
  | { kind: "conflict"; code: string; detail: string };
export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const invalid = (errors: FieldRefusal[]): Outcome<never> => ({
  ok: false,
  refusal: { kind: "invalid", errors },
});
const conflict = (code: string, detail: string): Outcome<never> => ({
  ok: false,
  refusal: { kind: "conflict", code, detail },
});

/** What a rule needs to know about the département: its communes, active organisations, components. */
export type Reference = {
  communeExists(inseeCode: string): boolean;
  organisationActive(id: string): boolean;
  catalogue: readonly ComponentDefinition[];
};

function checkCommunes(codes: readonly string[], ref: Reference, pointer: string): FieldRefusal[] {
  return codes.flatMap((code, i) =>
    ref.communeExists(code)
      ? []
      : [{ pointer: `${pointer}/${i}`, detail: `La commune ${code} n'est pas une commune du département.` }],
  );
}

function checkSignatories(
  list: readonly { organisationId: string }[],
  ref: Reference,
  pointer: string,
  already: ReadonlySet<string> = new Set(),
): FieldRefusal[] {
  const seen = new Set(already);
  return list.flatMap((s, i) => {
    const at = `${pointer}/${i}/organisationId`;
    if (!ref.organisationActive(s.organisationId))
      return [
        { pointer: at, detail: "Cette organisation n'est pas une organisation active du département." },
      ];
    if (seen.has(s.organisationId))
      return [{ pointer: at, detail: "Cette organisation est déjà signataire." }];
    seen.add(s.organisationId);
    return [];
  });
}

function checkComponents(list: readonly { key: string }[], ref: Reference, pointer: string): FieldRefusal[] {
  const known = new Set(ref.catalogue.map((c) => c.key));
  const seen = new Set<string>();
  return list.flatMap((c, i) => {
    const at = `${pointer}/${i}/key`;
    if (!known.has(c.key)) return [{ pointer: at, detail: `Volet inconnu : « ${c.key} ».` }];
    if (seen.has(c.key)) return [{ pointer: at, detail: "Ce volet est indiqué deux fois." }];
    seen.add(c.key);
    return [];
  });
}

function checkDates(startsOn: string | null, endsOn: string | null, pointer = ""): FieldRefusal[] {
  return startsOn && endsOn && endsOn < startsOn
    ? [{ pointer: `${pointer}/endsOn`, detail: "La date de fin précède la date de début." }]
    : [];
}

/** Components in catalogue order, the given entries replacing the current ones by key. */
function mergeComponents(
  current: readonly ComponentEntry[],
  given: readonly ComponentEntry[],
  catalogue: readonly ComponentDefinition[],
): ComponentEntry[] {
  const byKey = new Map(current.map((c) => [c.key, c]));
  for (const c of given) byKey.set(c.key, { key: c.key, state: c.state, text: c.text });
  const order = new Map(catalogue.map((c, i) => [c.key, i]));
  return [...byKey.values()].sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9));
}

const uniqueSorted = (codes: readonly string[]) => [...new Set(codes)].sort();

/**
 * A new contract: a draft, its territory the given communes or else `defaultCommunes` (the
 * carrier's), every component of the catalogue "planned" unless given.
 */
export function createContract(
  input: ContractCreate & { signatories: { organisationId: string; role: string }[] },
  ref: Reference,
  defaultCommunes: readonly string[],
): Outcome<ContractState> {
  const communes = input.communes ?? defaultCommunes;
  const errors = [
    ...checkCommunes(input.communes ?? [], ref, "/communes"),
    ...checkSignatories(input.signatories, ref, "/signatories"),
    ...checkComponents(input.components ?? [], ref, "/components"),
    ...checkDates(input.startsOn ?? null, input.endsOn ?? null),
  ];
  if (errors.length > 0) return invalid(errors);
  const planned = ref.catalogue.map((c): ComponentEntry => ({ key: c.key, state: "planned", text: "" }));
  return ok({
    title: input.title,
    carrierOrganisationId: input.carrierOrganisationId,
    council: input.council,
    coordinator: { ...input.coordinator },
    state: "draft",
    signedOn: null,
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
    terminatedOn: null,
    terminationReason: null,
    communes: uniqueSorted(communes),
    signatories: input.signatories.map((s) => ({
      organisationId: s.organisationId,
      role: s.role,
      signerName: null,
      signerFunction: null,
      signedOn: null,
    })),
    components: mergeComponents(
      planned,
      (input.components ?? []).map((c) => ({ key: c.key, state: c.state, text: c.text ?? "" })),
      ref.catalogue,
    ),
  });
}

/** Fields that only an amendment changes once the contract is signed. */
const AMENDMENT_FIELDS = ["title", "council", "communes", "startsOn", "endsOn"] as const;

/**
 * Edits a contract. A draft: anything. A signed contract: the coordinator and the components'
 * progress only (the rest is contractual: an amendment). A terminated one: nothing.
 */
export function updateContract(
  current: ContractState,
  patch: ContractUpdate,
  ref: Reference,
): Outcome<ContractState> {
  if (current.state === "terminated")
    return conflict("contract_terminated", "Ce contrat est résilié : il ne peut plus être modifié.");
  if (current.state === "signed") {
    const needAmendment = AMENDMENT_FIELDS.filter((f) => patch[f] !== undefined);
    if (needAmendment.length > 0)
      return {
        ok: false,
        refusal: {
          kind: "invalid",
          errors: needAmendment.map((f) => ({
            pointer: `/${f}`,
            detail: "Le contrat est signé : ce changement passe par un avenant.",
          })),
        },
      };
  }
  const startsOn = patch.startsOn === undefined ? current.startsOn : patch.startsOn;
  const endsOn = patch.endsOn === undefined ? current.endsOn : patch.endsOn;
  const errors = [
    ...checkCommunes(patch.communes ?? [], ref, "/communes"),
    ...checkComponents(patch.components ?? [], ref, "/components"),
    ...checkDates(startsOn, endsOn),
  ];
  if (errors.length > 0) return invalid(errors);
  return ok({
    ...current,
    title: patch.title ?? current.title,
    council: patch.council ?? current.council,
    coordinator: patch.coordinator ? { ...patch.coordinator } : current.coordinator,
    communes: patch.communes ? uniqueSorted(patch.communes) : current.communes,
    startsOn,
    endsOn,
    components: patch.components
      ? mergeComponents(
          current.components,
          patch.components.map((c) => ({ key: c.key, state: c.state, text: c.text ?? "" })),
          ref.catalogue,
        )
      : current.components,
  });
}

const draftOnly = (current: ContractState): Outcome<never> | null =>
  current.state === "draft"
    ? null
    : conflict(
        "contract_not_draft",
        "Le contrat n'est plus un brouillon : ses signataires changent par un avenant.",
      );

export function addSignatory(
  current: ContractState,
  input: { organisationId: string; role: string },
  ref: Reference,
): Outcome<ContractState> {
  const refused = draftOnly(current);
  if (refused) return refused;
  const errors = checkSignatories(
    [input],
    ref,
    "",
    new Set(current.signatories.map((s) => s.organisationId)),
  ).map((e) => ({ ...e, pointer: "/organisationId" }));
  if (errors.length > 0) return invalid(errors);
  return ok({
    ...current,
    signatories: [
      ...current.signatories,
      {
        organisationId: input.organisationId,
        role: input.role,
        signerName: null,
        signerFunction: null,
        signedOn: null,
      },
    ],
  });
}

/** Removes a signatory from a draft; if every remaining one had signed, the contract is signed. */
export function removeSignatory(current: ContractState, organisationId: string): Outcome<ContractState> {
  const refused = draftOnly(current);
  if (refused) return refused;
  if (!current.signatories.some((s) => s.organisationId === organisationId))
    return conflict("not_a_signatory", "Cette organisation n'est pas signataire de ce contrat.");
  return ok(
    settle({
      ...current,
      signatories: current.signatories.filter((s) => s.organisationId !== organisationId),
    }),
  );
}

/** A draft whose listed signatories have all signed becomes signed, on the day of the last signature. */
export function settle(c: ContractState): ContractState {
  if (c.state !== "draft" || c.signatories.length === 0) return c;
  const days = c.signatories.map((s) => s.signedOn);
  if (days.some((d) => d === null)) return c;
  return { ...c, state: "signed", signedOn: (days as string[]).sort().at(-1) ?? null };
}

/**
 * Records (or corrects, while the contract is a draft) an organisation's signature. The day may
 * not be in the future. When it is the last missing one, the contract becomes signed.
 */
export function recordSignature(
  current: ContractState,
  organisationId: string,
  signature: Signature,
  today: string,
): Outcome<ContractState> {
  if (current.state !== "draft")
    return conflict("contract_not_draft", "Le contrat est déjà signé par tous ses signataires.");
  if (!current.signatories.some((s) => s.organisationId === organisationId))
    return conflict("not_a_signatory", "Cette organisation n'est pas signataire de ce contrat.");
  if (signature.signedOn > today)
    return invalid([
      { pointer: "/signedOn", detail: "La date de signature ne peut pas être dans le futur." },
    ]);
  return ok(
    settle({
      ...current,
      signatories: current.signatories.map((s) =>
        s.organisationId === organisationId
          ? {
              ...s,
              signerName: signature.signerName,
              signerFunction: signature.signerFunction,
              signedOn: signature.signedOn,
            }
          : s,
      ),
    }),
  );
}

/**
 * An amendment ("avenant") to a signed contract: dated changes to its dates, territory,
 * components or signatories (those it adds sign it: their signature comes with it). The previous
 * version stays in the history.
 */
export function amendContract(
  current: ContractState,
  amendment: AmendmentCreate,
  ref: Reference,
  today: string,
): Outcome<ContractState> {
  if (current.state === "draft")
    return conflict(
      "contract_draft",
      "Un brouillon se modifie directement : l'avenant vaut pour un contrat signé.",
    );
  if (current.state === "terminated")
    return conflict("contract_terminated", "Ce contrat est résilié : il ne peut plus être modifié.");
  const ch = amendment.changes;
  const startsOn = ch.startsOn === undefined ? current.startsOn : ch.startsOn;
  const endsOn = ch.endsOn === undefined ? current.endsOn : ch.endsOn;
  const present = new Set(current.signatories.map((s) => s.organisationId));
  const removed = new Set(ch.removeSignatories ?? []);
  const errors: FieldRefusal[] = [
    ...(amendment.signedOn > today
      ? [{ pointer: "/signedOn", detail: "La date de l'avenant ne peut pas être dans le futur." }]
      : current.signedOn && amendment.signedOn < current.signedOn
        ? [{ pointer: "/signedOn", detail: "L'avenant ne peut pas précéder la signature du contrat." }]
        : []),
    ...checkCommunes(ch.communes ?? [], ref, "/changes/communes"),
    ...checkComponents(ch.components ?? [], ref, "/changes/components"),
    ...checkSignatories(ch.addSignatories ?? [], ref, "/changes/addSignatories", present),
    ...(ch.addSignatories ?? []).flatMap((s, i) =>
      s.signedOn > today
        ? [
            {
              pointer: `/changes/addSignatories/${i}/signedOn`,
              detail: "La date de signature ne peut pas être dans le futur.",
            },
          ]
        : [],
    ),
    ...[...removed].flatMap((id, i) =>
      present.has(id)
        ? []
        : [
            {
              pointer: `/changes/removeSignatories/${i}`,
              detail: "Cette organisation n'est pas signataire.",
            },
          ],
    ),
    ...checkDates(startsOn, endsOn, "/changes"),
  ];
  const remaining = current.signatories.filter((s) => !removed.has(s.organisationId));
  if (remaining.length + (ch.addSignatories?.length ?? 0) === 0)
    errors.push({
      pointer: "/changes/removeSignatories",
      detail: "Un contrat garde au moins un signataire.",
    });
  if (errors.length > 0) return invalid(errors);
  return ok({
    ...current,
    startsOn,
    endsOn,
    communes: ch.communes ? uniqueSorted(ch.communes) : current.communes,
    components: ch.components
      ? mergeComponents(
          current.components,
          ch.components.map((c) => ({ key: c.key, state: c.state, text: c.text ?? "" })),
          ref.catalogue,
        )
      : current.components,
    signatories: [
      ...remaining,
      ...(ch.addSignatories ?? []).map((s) => ({
        organisationId: s.organisationId,
        role: s.role,
        signerName: s.signerName,
        signerFunction: s.signerFunction,
        signedOn: s.signedOn,
      })),
    ],
  });
}

/** The prefecture ends a signed contract, from a day on, for a reason. */
export function terminateContract(
  current: ContractState,
  input: { terminatedOn: string; reason: string },
): Outcome<ContractState> {
  if (current.state === "draft")
    return conflict("contract_draft", "Un brouillon n'est pas signé : il ne peut pas être résilié.");
  if (current.state === "terminated") return conflict("contract_terminated", "Ce contrat est déjà résilié.");
  if (current.signedOn && input.terminatedOn < current.signedOn)
    return invalid([
      { pointer: "/terminatedOn", detail: "La résiliation ne peut pas précéder la signature." },
    ]);
  return ok({
    ...current,
    state: "terminated",
    terminatedOn: input.terminatedOn,
    terminationReason: input.reason,
  });
}

/** Names of the fields that differ between two versions ("who changed what" in the history). */
export function changedFields(before: ContractState | null, after: ContractState): string[] {
  if (!before) return [];
  const keys = Object.keys(after) as (keyof ContractState)[];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export { statusOn };
