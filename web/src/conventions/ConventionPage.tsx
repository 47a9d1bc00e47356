import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";
import { type FormEvent, type ReactNode, useState } from "react";
import { useParams } from "react-router";
import {
  type Convention,
  type ConventionRevision,
  conventionPartyLabels,
  conventionStatusLabels,
} from "../../../shared/conventions";
import { ApiError, api, problemOf } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { frenchDate, frenchInstant, statusSeverity, stepperState } from "./model";

export function ConventionPage() {
  const { code = "", id = "" } = useParams();
  const department = useDepartment(code);
  const path = `/departments/${code}/conventions/${id}`;
  const convention = useLoad((signal) => api.get<Convention>(path, undefined, signal), [path]);
  const revisions = useLoad(
    (signal) => api.get<{ items: ConventionRevision[] }>(`${path}/revisions`, undefined, signal),
    [path],
  );
  const c = convention.data;
  usePageTitle(c ? `Convention de stage croisé — ${c.trainee.name}` : "Convention de stage croisé");
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      await action();
      setNotice(done);
      convention.reload();
      revisions.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (convention.loading && !c) return <Loading />;
  if (!c) return <ErrorAlert error={convention.error} />;
  const stepper = stepperState(c);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <>
      <DepartmentBreadcrumb
        code={code}
        name={department.data?.name}
        segments={[{ label: "Conventions de stage croisé", to: `/departements/${code}/conventions` }]}
        current={c.trainee.name}
      />
      <h1>Convention de stage croisé — {c.trainee.name}</h1>
      <div className="fr-mb-3w">
        <Badge severity={statusSeverity[c.status]} noIcon>
          {conventionStatusLabels[c.status]}
        </Badge>
        {c.revision > 0 && <span className="fr-ml-2w">Avenant n° {c.revision}</span>}
      </div>
      <div role="status" aria-live="polite">
        {notice && <Alert severity="success" small description={notice} className="fr-mb-3w" />}
      </div>
      <ErrorAlert error={error} />
      <dl className="fr-mb-3w">
        <Item label="Structure d'accueil">
          {c.host.name}
          {c.host.service && ` — ${c.host.service}`}
        </Item>
        <Item label="Structure d'origine">{c.sending.name}</Item>
        <Item label="Stagiaire">{c.trainee.name}</Item>
        <Item label="Lieu et dates">
          {c.place}, du {frenchDate(c.startsOn)} au {frenchDate(c.endsOn)} ({c.halfDays} demi-journées)
          {c.interruptedOn && ` — interrompu le ${frenchDate(c.interruptedOn)}`}
        </Item>
        {c.cancelReason && <Item label="Motif d'annulation">{c.cancelReason}</Item>}
      </dl>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button
            priority="secondary"
            iconId="fr-icon-download-line"
            linkProps={{ to: `/api/v1${path}.pdf`, reloadDocument: true }}
          >
            Télécharger le PDF
          </Button>
        </li>
        <li>
          <Button
            priority="tertiary"
            iconId="fr-icon-printer-line"
            linkProps={{ to: `/api/v1${path}.html`, reloadDocument: true, target: "_blank" }}
          >
            Version imprimable
          </Button>
        </li>
      </ul>

      <section className="fr-mb-5w">
        <h2>Signatures</h2>
        <Stepper
          currentStep={stepper.currentStep}
          stepCount={stepper.stepCount}
          title={stepper.title}
          nextTitle={stepper.nextTitle}
        />
        <ol>
          {c.steps.map((s) => (
            <li key={s.party}>
              <strong>{conventionPartyLabels[s.party]}</strong> — {s.name} :{" "}
              {s.signature
                ? s.signature.method === "outside"
                  ? `signée hors de l'application (enregistrée le ${frenchInstant(s.signature.signedAt)})`
                  : `signé le ${frenchInstant(s.signature.signedAt)} par ${s.signature.signerName ?? ""}${s.signature.signerFunction ? `, ${s.signature.signerFunction}` : ""}`
                : s.state === "current"
                  ? "à signer maintenant"
                  : "en attente"}
            </li>
          ))}
        </ol>
        {c.can.send && (
          <Button
            disabled={busy}
            onClick={() => run(() => api.post(`${path}/send`), "Convention envoyée pour signature.")}
          >
            Envoyer pour signature
          </Button>
        )}
        {c.can.sign && (
          <SignForm
            busy={busy}
            onSign={(body) => run(() => api.post(`${path}/sign`, body), "Votre signature est enregistrée.")}
          />
        )}
        {c.can.recordOutside && <OutsideForm busy={busy} path={path} run={run} />}
        {c.can.complete && (
          <Button
            className="fr-mt-2w"
            disabled={busy}
            onClick={() => run(() => api.post(`${path}/completion`), "Le stage est confirmé comme réalisé.")}
          >
            Confirmer que le stage a eu lieu
          </Button>
        )}
      </section>

      {c.can.evaluate && (
        <EvaluationForm
          busy={busy}
          errors={fieldErrors}
          onSubmit={(body) =>
            run(() => api.post(`${path}/evaluations`, body), "Merci : votre évaluation est enregistrée.")
          }
        />
      )}

      <section className="fr-mb-5w">
        <h2>Texte de la convention</h2>
        <p className="fr-text--xs">Modèle du département, version {c.templateVersion}.</p>
        {c.text.map((b, i) =>
          b.kind === "title" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the text's blocks never move
            <h3 key={i}>{b.text}</h3>
          ) : b.kind === "heading" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the text's blocks never move
            <h4 key={i} className="fr-h6">
              {b.text}
            </h4>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: the text's blocks never move
            <p key={i}>{b.text}</p>
          ),
        )}
      </section>

      <section className="fr-mb-5w">
        <h2>Historique et avenants</h2>
        <ol>
          {(revisions.data?.items ?? []).map((r) => (
            <li key={r.revision}>
              {r.kind === "original"
                ? "Convention d'origine"
                : `Avenant n° ${r.revision} — ${r.reason ?? ""}`}{" "}
              : du {frenchDate(r.startsOn)} au {frenchDate(r.endsOn)}, {r.halfDays} demi-journées
              {r.interruptedOn && `, interrompu le ${frenchDate(r.interruptedOn)}`} —{" "}
              {r.complete ? "signé par les trois parties" : `${r.signatures.length} signature(s) sur 3`}
            </li>
          ))}
        </ol>
        {c.can.amend && (
          <AmendmentForm
            busy={busy}
            errors={fieldErrors}
            onSubmit={(body) =>
              run(
                () => api.post(`${path}/amendments`, body),
                "Avenant enregistré : il repasse à la signature.",
              )
            }
          />
        )}
        {c.can.cancel && (
          <CancelForm
            busy={busy}
            errors={fieldErrors}
            onSubmit={(reason) =>
              run(() => api.post(`${path}/cancellation`, { reason }), "Convention annulée.")
            }
          />
        )}
      </section>
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="fr-text--bold">{label}</dt>
      <dd className="fr-ml-0 fr-mb-1w">{children}</dd>
    </>
  );
}

function SignForm({ busy, onSign }: { busy: boolean; onSign: (body: { signerFunction?: string }) => void }) {
  const [fn, setFn] = useState("");
  return (
    <form
      className="fr-mt-2w"
      onSubmit={(e) => {
        e.preventDefault();
        onSign(fn.trim() ? { signerFunction: fn.trim() } : {});
      }}
    >
      <Input
        label="Votre fonction (facultatif)"
        hintText="Imprimée à côté de votre signature"
        nativeInputProps={{ name: "signerFunction", value: fn, onChange: (e) => setFn(e.target.value) }}
      />
      <Button type="submit" disabled={busy}>
        Signer la convention
      </Button>
    </form>
  );
}

function OutsideForm({
  busy,
  path,
  run,
}: {
  busy: boolean;
  path: string;
  run: (action: () => Promise<unknown>, done: string) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  return (
    <details className="fr-mt-2w">
      <summary>Convention signée sur papier ?</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          run(async () => {
            const form = new FormData();
            form.set("file", file);
            const res = await fetch(`/api/v1${path}/signed-document`, {
              method: "POST",
              body: form,
              credentials: "same-origin",
            });
            if (!res.ok) throw new ApiError(res.status, await problemOf(res));
          }, "La convention signée hors de l'application est enregistrée.");
        }}
      >
        <div className="fr-upload-group fr-mb-2w">
          <label className="fr-label" htmlFor="signed-document">
            Document numérisé
            <span className="fr-hint-text">PDF, ODT ou DOCX, 10 Mo au plus.</span>
          </label>
          <input
            className="fr-upload"
            type="file"
            id="signed-document"
            accept=".pdf,.odt,.docx"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button type="submit" priority="secondary" disabled={busy || !file}>
          Enregistrer la convention signée
        </Button>
      </form>
    </details>
  );
}

function EvaluationForm({
  busy,
  errors,
  onSubmit,
}: {
  busy: boolean;
  errors: Record<string, string>;
  onSubmit: (body: { learned: string; change: string; rating: number }) => void;
}) {
  const [learned, setLearned] = useState("");
  const [change, setChange] = useState("");
  const [rating, setRating] = useState(0);
  const state = (name: string) => ({
    state: errors[name] ? ("error" as const) : ("default" as const),
    stateRelatedMessage: errors[name],
  });
  return (
    <section className="fr-mb-5w">
      <h2>Évaluer le stage</h2>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit({ learned, change, rating });
        }}
      >
        <Input
          label="Ce que j'ai appris"
          textArea
          {...state("learned")}
          nativeTextAreaProps={{
            name: "learned",
            value: learned,
            onChange: (e) => setLearned(e.target.value),
          }}
        />
        <Input
          label="Ce qui changera dans ma pratique"
          textArea
          {...state("change")}
          nativeTextAreaProps={{ name: "change", value: change, onChange: (e) => setChange(e.target.value) }}
        />
        <RadioButtons
          legend="Note globale (1 : décevant, 5 : très utile)"
          orientation="horizontal"
          {...state("rating")}
          options={[1, 2, 3, 4, 5].map((n) => ({
            label: String(n),
            nativeInputProps: { value: String(n), checked: rating === n, onChange: () => setRating(n) },
          }))}
        />
        <Button type="submit" disabled={busy}>
          Envoyer l'évaluation
        </Button>
      </form>
    </section>
  );
}

function AmendmentForm({
  busy,
  errors,
  onSubmit,
}: {
  busy: boolean;
  errors: Record<string, string>;
  onSubmit: (body: Record<string, string>) => void;
}) {
  const [v, setV] = useState({ reason: "", startsOn: "", endsOn: "", interruptedOn: "" });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV((x) => ({ ...x, [k]: e.target.value }));
  const state = (name: string) => ({
    state: errors[name] ? ("error" as const) : ("default" as const),
    stateRelatedMessage: errors[name],
  });
  return (
    <details className="fr-mt-3w">
      <summary>Proposer un avenant (nouvelles dates, interruption)</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== "")));
        }}
      >
        <Input
          label="Motif"
          {...state("reason")}
          nativeInputProps={{ name: "reason", value: v.reason, onChange: set("reason") }}
        />
        <Input
          label="Nouveau premier jour"
          {...state("startsOn")}
          nativeInputProps={{ type: "date", name: "startsOn", value: v.startsOn, onChange: set("startsOn") }}
        />
        <Input
          label="Nouveau dernier jour"
          {...state("endsOn")}
          nativeInputProps={{ type: "date", name: "endsOn", value: v.endsOn, onChange: set("endsOn") }}
        />
        <Input
          label="Stage interrompu le"
          {...state("interruptedOn")}
          nativeInputProps={{
            type: "date",
            name: "interruptedOn",
            value: v.interruptedOn,
            onChange: set("interruptedOn"),
          }}
        />
        <Button type="submit" priority="secondary" disabled={busy}>
          Enregistrer l'avenant
        </Button>
      </form>
    </details>
  );
}

function CancelForm({
  busy,
  errors,
  onSubmit,
}: {
  busy: boolean;
  errors: Record<string, string>;
  onSubmit: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  return (
    <details className="fr-mt-3w">
      <summary>Annuler la convention</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(reason);
        }}
      >
        <Input
          label="Motif de l'annulation"
          state={errors.reason ? "error" : "default"}
          stateRelatedMessage={errors.reason}
          nativeInputProps={{
            name: "cancelReason",
            value: reason,
            onChange: (e) => setReason(e.target.value),
          }}
        />
        <Button type="submit" priority="tertiary" disabled={busy}>
          Annuler la convention
        </Button>
      </form>
    </details>
  );
}
