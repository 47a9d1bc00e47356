/**
 * What the submit and validate dialogs say (pure, unit-tested in confirm.test.ts): what is
 * transmitted, to whom, and what validation adds. Only the prefecture submits and validates, so
 * nothing here tells it to wait for « la préfecture ».
 */
import { countOf, plural } from "../ui/french";
import { formatInstantDay, periodLabel, type Report, type ReportItem } from "./model";

export type ConfirmText = {
  title: string;
  /** What the report holds: answers of expected, the non-applicable ones and the computed ones. */
  what: string;
  notApplicable: Pick<ReportItem, "indicator" | "label">[];
  /** To whom it goes (submit) or who sees it as final (validate). */
  to: string;
  /** What happens next: the lock, the national view. */
  after: string[];
  /** Why this user cannot do it (four eyes, not a validator): the confirm button is then disabled. */
  blocked: string | null;
  confirm: string;
};

type Context = { departmentName: string | undefined; myEmail: string };

const listOf = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} et ${names[names.length - 1]}`;

/** « 61 réponses sur 62 indicateurs attendus, dont 2 « non applicable » … ». */
function contents(report: Report, departmentName: string | undefined) {
  const typed = report.items.filter((i) => !i.derived);
  const answered = typed.filter((i) => i.state !== null).length;
  const notApplicable = typed.filter((i) => i.state === "not_applicable");
  const notAvailable = typed.filter((i) => i.state === "not_available").length;
  const derived = report.items.length - typed.length;
  const where = departmentName
    ? `${departmentName} (${report.departmentCode})`
    : `département ${report.departmentCode}`;
  const details = [
    notApplicable.length > 0 &&
      `dont ${countOf(notApplicable.length, "déclaré", "déclarés")} « non applicable »`,
    notAvailable > 0 && `${countOf(notAvailable, "déclaré", "déclarés")} « non disponible »`,
  ].filter(Boolean);
  const what =
    `Le rapport du ${periodLabel(report.period)}, ${where} : ` +
    `${countOf(answered, "réponse", "réponses")} sur ${countOf(typed.length, "indicateur attendu", "indicateurs attendus")}` +
    (details.length ? `, ${details.join(", ")}` : "") +
    (derived > 0
      ? `, et ${countOf(derived, "indicateur calculé", "indicateurs calculés")} par l'application.`
      : ".");
  return {
    what,
    notApplicable: notApplicable.map((i) => ({ indicator: i.indicator, label: i.label })),
  };
}

/** The submit dialog: the report goes to the prefecture's validators, named. */
export function submitText(report: Report, { departmentName, myEmail }: Context): ConfirmText {
  const validators = report.validatorEmails;
  const others = validators.filter((v) => v !== myEmail);
  let to: string;
  if (validators.length === 0) {
    to =
      "Il est transmis pour validation à la préfecture : aucun valideur n'étant désigné, tout agent de la préfecture du département peut le valider, vous compris.";
  } else if (validators.length === 1) {
    to =
      validators[0] === myEmail
        ? "Vous êtes le seul valideur désigné du département : c'est vous qui le validerez ensuite."
        : `Il est transmis pour validation au valideur désigné de la préfecture : ${validators[0]}.`;
  } else {
    to = `Il est transmis pour validation ${plural(others.length, "au valideur désigné", "aux valideurs désignés")} de la préfecture : ${listOf(others)}.`;
    if (others.length < validators.length) {
      to += " Vous l'aurez soumis : un autre valideur devra le valider (règle des quatre yeux).";
    }
  }
  return {
    title: `Soumettre le rapport du ${periodLabel(report.period)} ?`,
    ...contents(report, departmentName),
    to,
    after: [
      "Les organisations ne pourront plus modifier leurs réponses ; la préfecture pourra encore corriger des valeurs jusqu'à la validation.",
      "La validation, ensuite, le rend définitif : la saisie est verrouillée pour tous, préfecture comprise, et les ministères le voient comme validé dans la vue nationale (d'ici là, comme soumis, non définitif).",
    ],
    blocked: null,
    confirm: "Soumettre le rapport",
  };
}

/** The validate dialog: the report becomes final, locked, seen as such by the ministries. */
export function validateText(report: Report, { departmentName, myEmail }: Context): ConfirmText {
  const validators = report.validatorEmails;
  const submitted = report.submittedAt
    ? ` Soumis le ${formatInstantDay(report.submittedAt)}${report.submittedBy ? ` par ${report.submittedBy === myEmail ? "vous" : report.submittedBy}` : ""}.`
    : "";
  let blocked: string | null = null;
  if (validators.length > 0 && !validators.includes(myEmail)) {
    blocked = `Seuls les valideurs désignés peuvent valider ce rapport : ${listOf(validators)}.`;
  } else if (validators.length >= 2 && report.submittedBy === myEmail) {
    const others = validators.filter((v) => v !== myEmail);
    blocked = `Vous avez soumis ce rapport : un autre valideur doit le valider (règle des quatre yeux) — ${listOf(others)}.`;
  }
  const { what, notApplicable } = contents(report, departmentName);
  return {
    title: `Valider le rapport du ${periodLabel(report.period)} ?`,
    what: what + submitted,
    notApplicable,
    to: "Il devient le rapport définitif du département pour ce trimestre : les ministères le voient comme validé dans la vue nationale, avec ses valeurs et ses commentaires.",
    after: [
      "La saisie est verrouillée pour tous, préfecture comprise.",
      "Pour corriger une valeur ensuite, il faudra le rouvrir en indiquant un motif, puis le soumettre et le valider de nouveau.",
    ],
    blocked,
    confirm: "Valider le rapport",
  };
}

/** « Soumis le 2 décembre 2026 par a@b · validé le 3 décembre 2026 par c@d » (empty for a draft). */
export function peopleText(
  report: Pick<Report, "status" | "submittedAt" | "submittedBy" | "validatedAt" | "validatedBy">,
): string {
  if (report.status === "draft" || !report.submittedAt) return "";
  const by = (email: string | null) => (email ? ` par ${email}` : "");
  const submitted = `Soumis le ${formatInstantDay(report.submittedAt)}${by(report.submittedBy)}`;
  return report.status === "validated" && report.validatedAt
    ? `${submitted} · validé le ${formatInstantDay(report.validatedAt)}${by(report.validatedBy)}`
    : submitted;
}
