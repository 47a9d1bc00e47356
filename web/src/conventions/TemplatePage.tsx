import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useMemo, useState } from "react";
import { useParams } from "react-router";
import {
  renderTemplate,
  SAMPLE_VALUES,
  type Template,
  type TemplateVersion,
  templateProblems,
} from "../../../shared/conventions";
import { ApiError, api, request } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { frenchInstant } from "./model";

/** The prefecture edits its département's convention type; the preview follows each keystroke. */
export function TemplatePage() {
  const { code = "" } = useParams();
  const { me } = useSession();
  const editor = rolesIn(me, code).includes("prefecture");
  const department = useDepartment(code);
  usePageTitle("Modèle de convention de stage croisé");
  const template = useLoad(
    (signal) => api.get<Template>(`/departments/${code}/convention-template`, undefined, signal),
    [code],
  );
  const versions = useLoad(
    (signal) =>
      api.get<{ items: TemplateVersion[] }>(
        `/departments/${code}/convention-template/versions`,
        undefined,
        signal,
      ),
    [code],
  );
  const [body, setBody] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (template.data) setBody(template.data.current.body);
  }, [template.data]);
  const preview = useMemo(
    () =>
      renderTemplate(body, {
        ...SAMPLE_VALUES,
        departement: department.data?.name ?? SAMPLE_VALUES.departement,
      }),
    [body, department.data],
  );
  const problems = templateProblems(body);

  async function save() {
    if (!template.data) return;
    setBusy(true);
    setError(null);
    setSaved("");
    try {
      const next = await request<Template>("PUT", `/departments/${code}/convention-template`, {
        body: { body },
        headers: { "if-match": `"${template.data.current.version}"` },
      });
      setSaved(
        `Version ${next.current.version} enregistrée. Les conventions déjà établies gardent leur texte.`,
      );
      template.reload();
      versions.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (template.loading && !template.data) return <Loading />;
  if (!template.data) return <ErrorAlert error={template.error} />;
  const t = template.data;
  return (
    <>
      <DepartmentBreadcrumb
        code={code}
        name={department.data?.name}
        segments={[{ label: "Conventions de stage croisé", to: `/departements/${code}/conventions` }]}
        current="Modèle de convention"
      />
      <h1>Modèle de convention de stage croisé</h1>
      <p>
        Version {t.current.version}
        {t.current.edited
          ? `, enregistrée le ${frenchInstant(t.current.createdAt)}`
          : " : le modèle national par défaut"}
        . Une convention garde le texte de la version dont elle est issue.
      </p>
      <div role="status" aria-live="polite">
        {saved && <Alert severity="success" small description={saved} className="fr-mb-3w" />}
      </div>
      <ErrorAlert error={error instanceof ApiError && error.status === 422 ? null : error} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-6">
          <Input
            label="Texte du modèle"
            hintText="« # » pour le titre, « ## » pour un article, une ligne vide entre deux paragraphes."
            textArea
            state={
              problems.length || (error instanceof ApiError && error.status === 422) ? "error" : "default"
            }
            stateRelatedMessage={
              problems.join(" ") || (error instanceof ApiError ? error.fieldErrors.body : undefined)
            }
            nativeTextAreaProps={{
              name: "body",
              rows: 28,
              value: body,
              readOnly: !editor,
              onChange: (e) => setBody(e.target.value),
            }}
          />
          {editor && (
            <Button onClick={save} disabled={busy || problems.length > 0 || body === t.current.body}>
              Enregistrer une nouvelle version
            </Button>
          )}
          <h2 className="fr-h6 fr-mt-3w">Champs disponibles</h2>
          <ul>
            {Object.entries(t.placeholders).map(([key, label]) => (
              <li key={key}>
                <code>{`{{${key}}}`}</code> : {label}
                {t.required.includes(key) && " (obligatoire)"}
              </li>
            ))}
          </ul>
        </div>
        <div className="fr-col-12 fr-col-lg-6">
          <section aria-labelledby="preview-title">
            <h2 id="preview-title" className="fr-h4">
              Aperçu (exemple)
            </h2>
            {preview.map((b, i) =>
              b.kind === "title" ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the preview is rebuilt from the text each time
                <h3 key={i}>{b.text}</h3>
              ) : b.kind === "heading" ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the preview is rebuilt from the text each time
                <h4 key={i} className="fr-h6">
                  {b.text}
                </h4>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the preview is rebuilt from the text each time
                <p key={i}>{b.text}</p>
              ),
            )}
          </section>
        </div>
      </div>
      <h2 className="fr-mt-5w">Versions</h2>
      <ul>
        {(versions.data?.items ?? []).map((v) => (
          <li key={v.version}>
            Version {v.version} —{" "}
            {v.edited ? `modifiée le ${frenchInstant(v.createdAt)}` : "modèle par défaut"}
          </li>
        ))}
      </ul>
    </>
  );
}
