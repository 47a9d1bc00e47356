import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { type FormEvent, useState } from "react";
import { ApiError, api } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusFirstError } from "../ui/focus";
import { formatDay, periodLabel, todayInFrance } from "./model";
import { bodyOf, datesFor, formOf, type SettingsBody } from "./settings";

/** The prefecture's settings of its quarter reports: due delay and members' entry window. */
export function ReportSettingsForm({
  code,
  settings,
  onSaved,
}: {
  code: string;
  settings: SettingsBody;
  onSaved: (s: SettingsBody) => void;
}) {
  const [form, setForm] = useState(() => formOf(settings));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const errors = { ...(error instanceof ApiError ? error.fieldErrors : {}), ...local };
  const dates = datesFor(form, todayInFrance());
  const quarter = periodLabel(dates.period);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice("");
    setError(null);
    const checked = bodyOf(form);
    if ("errors" in checked) {
      setLocal(checked.errors);
      focusFirstError();
      return;
    }
    setLocal({});
    setBusy(true);
    try {
      const saved = await api.patch<SettingsBody>(`/departments/${code}/settings`, checked.body);
      setForm(formOf(saved));
      onSaved(saved);
      setNotice("Les réglages ont été enregistrés.");
    } catch (e) {
      setError(e);
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof typeof form) => ({
    ...(errors[name] ? { state: "error" as const, stateRelatedMessage: errors[name] } : {}),
    nativeInputProps: {
      name,
      value: form[name],
      inputMode: "numeric" as const,
      ...(errors[name] ? { "aria-invalid": true as const } : {}),
      onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
    },
  });

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="fr-col-12 fr-col-md-8">
      <h2 className="fr-h4">Réglages des rapports</h2>
      {notice && <Alert className="fr-mb-2w" severity="success" small description={notice} />}
      <ErrorAlert error={error} title="L'enregistrement a échoué" />
      <Input
        label="Délai de remise (en jours, à compter du lendemain de la fin du trimestre)"
        hintText={`Entre 1 et 120 jours ; un rapport soumis après est signalé en retard.${
          dates.dueDate
            ? ` Avec ce délai, le ${quarter} est à rendre au plus tard le ${formatDay(dates.dueDate)}.`
            : ""
        }`}
        {...field("reportDueDays")}
      />
      <Input
        label="Fenêtre de saisie des organisations (en jours, à compter du lendemain de la fin du trimestre ; facultatif)"
        hintText={
          dates.memberEntryUntil
            ? `Les organisations saisissent le ${quarter} jusqu'au ${formatDay(dates.memberEntryUntil)} inclus ; ensuite, seule la préfecture saisit. S'applique dès l'enregistrement, y compris aux trimestres en cours de saisie.`
            : "Laissez vide pour que les organisations saisissent jusqu'à la soumission du rapport. Sinon, après ce délai, seule la préfecture saisit."
        }
        {...field("memberEntryDays")}
      />
      <Button type="submit" disabled={busy}>
        Enregistrer les réglages
      </Button>
    </form>
  );
}
