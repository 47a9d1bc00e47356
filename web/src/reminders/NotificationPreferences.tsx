import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { useState } from "react";
import type { NotificationPreference } from "../../../shared/reminders";
import { messageOf, request } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";

/** The user's reminder emails, one switch per kind (saved at once); the overdue report stays on. */
export function NotificationPreferences() {
  const prefs = useLoad(
    (signal) =>
      request<{ items: NotificationPreference[] }>("GET", "/me/notification-preferences", { signal }),
    [],
  );
  const [saved, setSaved] = useState("");
  const [error, setError] = useState("");

  const toggle = async (kind: string, enabled: boolean) => {
    setSaved("");
    setError("");
    try {
      await request("PUT", "/me/notification-preferences", { body: { preferences: [{ kind, enabled }] } });
      setSaved("Préférences enregistrées.");
      prefs.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <section aria-labelledby="preferences-title">
      <h2 id="preferences-title" className="fr-h4">
        Relances par courriel
      </h2>
      {prefs.loading && !prefs.data && <Loading />}
      {prefs.error ? <ErrorAlert error={prefs.error} /> : null}
      {prefs.data && (
        <Checkbox
          legend="Les rappels que vous recevez"
          hintText="Le rappel de rapport en retard ne peut pas être désactivé."
          options={prefs.data.items.map((p) => ({
            label: p.label,
            nativeInputProps: {
              name: `preference-${p.kind}`,
              checked: p.enabled,
              disabled: p.mandatory,
              onChange: (e) => void toggle(p.kind, e.currentTarget.checked),
            },
          }))}
        />
      )}
      {saved && <Alert severity="success" small description={saved} />}
      {error && <Alert severity="error" small description={error} />}
    </section>
  );
}
