import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Upload } from "@codegouvfr/react-dsfr/Upload";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../api";
import { focusWhenShown } from "../ui/focus";
import { countOf } from "../ui/french";
import { importFile, type Versioned } from "./api";

/**
 * Import of a CSV or XLSX file (the same columns as the export). The API checks the whole file
 * first: one wrong line and nothing is imported; every error names its line and column.
 */
export function ImportForm({
  code,
  period,
  beforeImport,
  etag,
  onImported,
}: {
  code: string;
  period: string;
  /** Saves pending typing first, so the file and the screen do not fight. */
  beforeImport: () => Promise<boolean>;
  /** The ETag of the report as last answered (a save just done moves it before React renders). */
  etag: () => string;
  onImported: (report: Versioned) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const errorsRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone("");
    if (!file) {
      setError(new ApiError(422, { detail: "Choisissez un fichier CSV ou XLSX." }));
      return;
    }
    setBusy(true);
    try {
      if (!(await beforeImport())) {
        // The file would be read against answers the screen does not show yet: stop here.
        setError(
          new ApiError(409, {
            detail:
              "Import non lancé : des saisies à l'écran ne sont pas enregistrées. Corrigez-les ou rechargez le rapport, puis importez de nouveau.",
          }),
        );
        return;
      }
      const result = await importFile(code, period, etag(), file);
      const n = result.changed.length;
      onImported({ report: result.report, etag: result.etag });
      setDone(
        n === 0
          ? "Import terminé : le fichier ne change aucune valeur."
          : `Import terminé : ${countOf(n, "valeur modifiée", "valeurs modifiées")}, ${countOf(result.unchanged, "inchangée", "inchangées")}.`,
      );
      setFile(null);
      if (input.current) input.current.value = "";
    } catch (e) {
      setError(e);
      focusWhenShown(() => errorsRef.current);
    } finally {
      setBusy(false);
    }
  };

  const lines = error instanceof ApiError ? (error.problem.errors ?? []).map((e) => e.detail) : [];

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="fr-mt-3w" noValidate>
      <Upload
        label="Importer un fichier"
        hint="CSV (séparateur ; ou ,) ou XLSX, avec les colonnes de l'export. Si une ligne est fausse, rien n'est importé."
        state={error && lines.length === 0 ? "error" : "default"}
        stateRelatedMessage={error && lines.length === 0 ? messageOf(error) : undefined}
        nativeInputProps={{
          ref: input,
          name: "file",
          accept: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          onChange: (e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
          },
        }}
      />
      {done && (
        <div ref={doneRef} tabIndex={-1} className="fr-mt-2w">
          <Alert severity="success" small description={done} />
        </div>
      )}
      {lines.length > 0 && error instanceof ApiError && (
        <div ref={errorsRef} tabIndex={-1} className="fr-mt-2w">
          <Alert
            severity="error"
            title={error.detail}
            description={
              <ul className="app-import-errors">
                {lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            }
          />
        </div>
      )}
      <Button
        type="submit"
        className="fr-mt-2w"
        priority="secondary"
        iconId="fr-icon-upload-line"
        disabled={busy}
      >
        {busy ? "Import en cours…" : "Importer le fichier"}
      </Button>
    </form>
  );
}
