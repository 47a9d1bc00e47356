import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent, useState } from "react";
import { useParams } from "react-router";
import {
  type Action,
  BODY_KINDS,
  type BodyHistory,
  type BodyKind,
  bodyKindLabels,
  MEETING_KINDS,
  type MeetingKind,
  type MeetingListItem,
  meetingKindLabels,
  type QuarterCompliance,
} from "../../../shared/governance";
import type { Organisation } from "../../../shared/organisation";
import { ApiError, api, type Page } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { formatDay, periodLabel } from "../reports/model";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { CalendarSubscription } from "./CalendarSubscription";
import { complianceText, meetingTime } from "./model";

const fieldState = (error: unknown, field: string) => {
  const message = error instanceof ApiError ? error.fieldErrors[field] : undefined;
  return message ? { state: "error" as const, stateRelatedMessage: message } : {};
};

async function activeOrganisations(code: string, signal: AbortSignal): Promise<Organisation[]> {
  const out: Organisation[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const result: Page<Organisation> = await api.get<Page<Organisation>>(
      `/departments/${code}/organisations`,
      { limit: 200, archived: "false", cursor },
      signal,
    );
    out.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export function GovernancePage() {
  const { code = "" } = useParams();
  usePageTitle(`Gouvernance — ${code}`);
  const department = useDepartment(code);
  const { me } = useSession();
  const roles = rolesIn(me, code);
  const isPrefecture = roles.includes("prefecture");
  const myOrganisations = new Set(
    me?.memberships
      .filter((m) => m.departmentCode === code)
      .flatMap((m) => (m.organisationId ? [m.organisationId] : [])),
  );

  const body = useLoad(
    (signal) => api.get<BodyHistory>(`/departments/${code}/governance/body`, undefined, signal),
    [code],
  );
  const compliance = useLoad(
    (signal) =>
      api.get<{ items: QuarterCompliance[] }>(
        `/departments/${code}/governance/compliance`,
        undefined,
        signal,
      ),
    [code],
  );
  const meetings = useLoad(
    (signal) =>
      api.get<{ items: MeetingListItem[] }>(`/departments/${code}/governance/meetings`, undefined, signal),
    [code],
  );
  const actions = useLoad(
    (signal) => api.get<{ items: Action[] }>(`/departments/${code}/governance/actions`, undefined, signal),
    [code],
  );
  const organisations = useLoad((signal) => activeOrganisations(code, signal), [code]);
  const reloadAll = () => {
    compliance.reload();
    meetings.reload();
    actions.reload();
  };
  const current = compliance.data?.items[0];

  return (
    <>
      <DepartmentBreadcrumb code={code} name={department.data?.name} current="Gouvernance" />
      <h1>Gouvernance</h1>
      <p>
        Le département désigne une instance de gouvernance unique — le CLAV, coprésidé par le préfet et le
        procureur, ou à défaut le CDPD — qui se réunit en séance plénière au moins une fois par trimestre.
      </p>

      <section aria-labelledby="conformite" className="fr-mb-5w">
        <h2 id="conformite">Conformité trimestrielle</h2>
        {compliance.loading && <Loading />}
        <ErrorAlert error={compliance.error} />
        {current && (
          <div data-testid="quarter-compliance">
            <Alert
              className="fr-mb-3w"
              severity={current.flagged ? "warning" : "success"}
              title={
                current.flagged
                  ? `${periodLabel(current.period)} : pas encore de séance plénière`
                  : `${periodLabel(current.period)} : séance plénière tenue`
              }
              description={complianceText(current)}
            />
          </div>
        )}
        {compliance.data && (
          <div className="fr-table fr-table--bordered">
            <table>
              <caption>Le trimestre en cours et les quatre précédents</caption>
              <thead>
                <tr>
                  <th scope="col">Trimestre</th>
                  <th scope="col">Instance désignée</th>
                  <th scope="col">Séances plénières</th>
                  <th scope="col">Réunions</th>
                  <th scope="col">Conformité</th>
                </tr>
              </thead>
              <tbody>
                {compliance.data.items.map((q) => (
                  <tr key={q.period}>
                    <th scope="row">{periodLabel(q.period)}</th>
                    <td>{q.bodyDesignated ? "Oui" : "Non"}</td>
                    <td>{q.plenaryMeetings}</td>
                    <td>{q.meetingsHeld}</td>
                    <td>
                      {q.flagged ? (
                        <Badge severity={q.inProgress ? "warning" : "error"} small>
                          {q.inProgress ? "Plénière à tenir" : "Sans plénière"}
                        </Badge>
                      ) : (
                        <Badge severity="success" small>
                          Conforme
                        </Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="instance" className="fr-mb-5w">
        <h2 id="instance">L'instance</h2>
        {body.loading && <Loading />}
        <ErrorAlert error={body.error} />
        {body.data && <BodyView history={body.data} />}
        {isPrefecture && (
          <BodyForm
            code={code}
            onSaved={() => {
              body.reload();
              compliance.reload();
            }}
          />
        )}
      </section>

      <section aria-labelledby="reunions" className="fr-mb-5w">
        <h2 id="reunions">Réunions</h2>
        {meetings.loading && <Loading />}
        <ErrorAlert error={meetings.error} />
        {meetings.data && <MeetingsTable code={code} items={meetings.data.items} />}
        {isPrefecture && meetings.data && meetings.data.items.length > 0 && (
          <MinutesForm code={code} meetings={meetings.data.items} onSaved={meetings.reload} />
        )}
        {isPrefecture && organisations.data && (
          <MeetingForm code={code} organisations={organisations.data} onSaved={reloadAll} />
        )}
      </section>

      <section aria-labelledby="actions" className="fr-mb-5w">
        <h2 id="actions">Actions de suivi</h2>
        {actions.loading && <Loading />}
        <ErrorAlert error={actions.error} />
        {actions.data && (
          <ActionsTable
            code={code}
            items={actions.data.items}
            canChange={(a) => isPrefecture || myOrganisations.has(a.owner.id)}
            onChanged={() => {
              actions.reload();
              meetings.reload();
            }}
          />
        )}
      </section>

      <CalendarSubscription code={code} />
    </>
  );
}

function BodyView({ history }: { history: BodyHistory }) {
  const b = history.current;
  return (
    <>
      {b ? (
        <div className="fr-card fr-mb-3w">
          <div className="fr-card__body">
            <div className="fr-card__content">
              <h3 className="fr-card__title">{bodyKindLabels[b.kind]}</h3>
              <p className="fr-card__desc">Désignée le {formatDay(b.designatedOn)}</p>
              <ul>
                {b.coChairs.map((c) => (
                  <li key={`${c.function}-${c.name}`}>
                    {c.function} : {c.name}
                  </li>
                ))}
              </ul>
              <p>
                Secrétariat : {b.secretariat.name}, {b.secretariat.email}
                {b.secretariat.phone ? `, ${b.secretariat.phone}` : ""}
              </p>
            </div>
          </div>
        </div>
      ) : (
        <Alert
          className="fr-mb-3w"
          severity="warning"
          small
          description="Aucune instance de gouvernance n'est désignée pour ce département."
        />
      )}
      {history.history.length > 0 && (
        <>
          <h3>Instances précédentes</h3>
          <ul>
            {history.history.map((h) => (
              <li key={h.id}>
                {bodyKindLabels[h.kind]}, désignée le {formatDay(h.designatedOn)}, remplacée le{" "}
                {formatDay(h.replacedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function BodyForm({ code, onSaved }: { code: string; onSaved: () => void }) {
  const [form, setForm] = useState({
    kind: "clav" as BodyKind,
    designatedOn: "",
    chair1Function: "Préfet",
    chair1Name: "",
    chair2Function: "Procureur de la République",
    chair2Name: "",
    secretariatName: "",
    secretariatEmail: "",
    secretariatPhone: "",
  });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    try {
      const coChairs = [
        { function: form.chair1Function, name: form.chair1Name },
        ...(form.chair2Name.trim() ? [{ function: form.chair2Function, name: form.chair2Name }] : []),
      ];
      await api.post(`/departments/${code}/governance/body`, {
        kind: form.kind,
        designatedOn: form.designatedOn,
        coChairs,
        secretariat: {
          name: form.secretariatName,
          email: form.secretariatEmail,
          phone: form.secretariatPhone.trim() || null,
        },
      });
      setNotice("L'instance est désignée ; la précédente reste dans l'historique.");
      onSaved();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <details className="fr-mb-3w">
      <summary>Désigner l'instance (ou la changer)</summary>
      <form onSubmit={(e) => void onSubmit(e)} className="fr-mt-2w">
        <ErrorAlert error={error} />
        {notice && (
          <p className="fr-valid-text" role="status">
            {notice}
          </p>
        )}
        <Select
          label="Instance"
          nativeSelectProps={{ value: form.kind, onChange: set("kind") }}
          {...fieldState(error, "kind")}
        >
          {BODY_KINDS.map((k) => (
            <option key={k} value={k}>
              {bodyKindLabels[k]}
            </option>
          ))}
        </Select>
        <Input
          label="Date de désignation"
          nativeInputProps={{
            type: "date",
            required: true,
            value: form.designatedOn,
            onChange: set("designatedOn"),
          }}
          {...fieldState(error, "designatedOn")}
        />
        <Input
          label="Fonction du coprésident"
          nativeInputProps={{ value: form.chair1Function, onChange: set("chair1Function") }}
          {...fieldState(error, "coChairs/0/function")}
        />
        <Input
          label="Nom du coprésident"
          nativeInputProps={{ required: true, value: form.chair1Name, onChange: set("chair1Name") }}
          {...fieldState(error, "coChairs/0/name")}
        />
        <Input
          label="Fonction du second coprésident (facultatif)"
          nativeInputProps={{ value: form.chair2Function, onChange: set("chair2Function") }}
          {...fieldState(error, "coChairs/1/function")}
        />
        <Input
          label="Nom du second coprésident (facultatif)"
          nativeInputProps={{ value: form.chair2Name, onChange: set("chair2Name") }}
          {...fieldState(error, "coChairs/1/name")}
        />
        <Input
          label="Secrétariat"
          nativeInputProps={{ required: true, value: form.secretariatName, onChange: set("secretariatName") }}
          {...fieldState(error, "secretariat/name")}
        />
        <Input
          label="Courriel du secrétariat"
          nativeInputProps={{
            type: "email",
            required: true,
            value: form.secretariatEmail,
            onChange: set("secretariatEmail"),
          }}
          {...fieldState(error, "secretariat/email")}
        />
        <Input
          label="Téléphone du secrétariat (facultatif)"
          nativeInputProps={{ type: "tel", value: form.secretariatPhone, onChange: set("secretariatPhone") }}
          {...fieldState(error, "secretariat/phone")}
        />
        <Button type="submit">Désigner l'instance</Button>
      </form>
    </details>
  );
}

function MeetingsTable({ code, items }: { code: string; items: MeetingListItem[] }) {
  if (items.length === 0) return <p>Aucune réunion enregistrée sur la période.</p>;
  return (
    <div className="fr-table fr-table--bordered">
      <table>
        <caption>Réunions des quatre trimestres passés aux deux suivants, les plus récentes d'abord</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Réunion</th>
            <th scope="col">Organisations présentes</th>
            <th scope="col">Actions ouvertes</th>
            <th scope="col">Compte rendu</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <th scope="row">{meetingTime(m.startsAt)}</th>
              <td>
                {meetingKindLabels[m.kind]}
                {m.groupName ? ` « ${m.groupName} »` : ""}
                {m.location ? <span className="fr-text--xs"> — {m.location}</span> : null}
              </td>
              <td>{m.attendees.map((a) => a.name).join(", ") || "—"}</td>
              <td>{m.openActions}</td>
              <td>
                {m.minutes.length === 0
                  ? "—"
                  : m.minutes.map((d) => (
                      <a
                        key={d.id}
                        className="fr-link fr-link--download"
                        href={`/api/v1/departments/${code}/governance/meetings/${m.id}/minutes/${d.id}`}
                        download
                      >
                        {d.name}
                      </a>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MinutesForm({
  code,
  meetings,
  onSaved,
}: {
  code: string;
  meetings: MeetingListItem[];
  onSaved: () => void;
}) {
  const [meetingId, setMeetingId] = useState(meetings[0]?.id ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    try {
      const res = await fetch(`/api/v1/departments/${code}/governance/meetings/${meetingId}/minutes`, {
        method: "POST",
        body: form,
        credentials: "same-origin",
      });
      if (!res.ok) {
        const problem = await res.json().catch(() => ({}));
        throw new ApiError(res.status, problem);
      }
      setNotice("Compte rendu enregistré.");
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="fr-mb-3w">
      <summary>Déposer un compte rendu</summary>
      <form onSubmit={(e) => void onSubmit(e)} className="fr-mt-2w">
        <ErrorAlert error={error} />
        {notice && (
          <p className="fr-valid-text" role="status">
            {notice}
          </p>
        )}
        <Select
          label="Réunion"
          nativeSelectProps={{ value: meetingId, onChange: (e) => setMeetingId(e.target.value) }}
        >
          {meetings.map((m) => (
            <option key={m.id} value={m.id}>
              {meetingTime(m.startsAt)} — {meetingKindLabels[m.kind]}
            </option>
          ))}
        </Select>
        <div className="fr-upload-group fr-mb-3w">
          <label className="fr-label" htmlFor="minutes-file">
            Compte rendu
            <span className="fr-hint-text">PDF, ODT ou DOCX, 10 Mo au plus.</span>
          </label>
          <input
            className="fr-upload"
            type="file"
            id="minutes-file"
            accept=".pdf,.odt,.docx"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button type="submit" disabled={!file}>
          Déposer
        </Button>
      </form>
    </details>
  );
}

type ActionDraft = { title: string; ownerOrganisationId: string; dueOn: string };

function MeetingForm({
  code,
  organisations,
  onSaved,
}: {
  code: string;
  organisations: Organisation[];
  onSaved: () => void;
}) {
  const empty = {
    kind: "plenary" as MeetingKind,
    groupName: "",
    startsAt: "",
    durationMinutes: "120",
    location: "",
    agenda: "",
    decisions: "",
  };
  const [form, setForm] = useState(empty);
  const [attendees, setAttendees] = useState<Set<string>>(new Set());
  const [drafts, setDrafts] = useState<ActionDraft[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    setBusy(true);
    try {
      await api.post(`/departments/${code}/governance/meetings`, {
        kind: form.kind,
        groupName: form.kind === "thematic" ? form.groupName : null,
        startsAt: form.startsAt.slice(0, 16),
        durationMinutes: Number(form.durationMinutes),
        location: form.location,
        agenda: form.agenda,
        decisions: form.decisions,
        attendeeIds: [...attendees],
        actions: drafts,
      });
      setNotice("Réunion enregistrée.");
      setForm(empty);
      setAttendees(new Set());
      setDrafts([]);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="fr-mt-3w" aria-labelledby="nouvelle-reunion">
      <h3 id="nouvelle-reunion">Enregistrer une réunion</h3>
      <ErrorAlert error={error} />
      {notice && (
        <p className="fr-valid-text" role="status">
          {notice}
        </p>
      )}
      <Select
        label="Type de réunion"
        nativeSelectProps={{ value: form.kind, onChange: set("kind") }}
        {...fieldState(error, "kind")}
      >
        {MEETING_KINDS.map((k) => (
          <option key={k} value={k}>
            {meetingKindLabels[k]}
          </option>
        ))}
      </Select>
      {form.kind === "thematic" && (
        <Input
          label="Nom du groupe thématique"
          hintText="Par exemple : violences intrafamiliales"
          nativeInputProps={{ required: true, value: form.groupName, onChange: set("groupName") }}
          {...fieldState(error, "groupName")}
        />
      )}
      <Input
        label="Date et heure (heure de Paris)"
        nativeInputProps={{
          type: "datetime-local",
          required: true,
          value: form.startsAt,
          onChange: set("startsAt"),
        }}
        {...fieldState(error, "startsAt")}
      />
      <Input
        label="Durée (minutes)"
        nativeInputProps={{
          type: "number",
          min: 15,
          max: 720,
          value: form.durationMinutes,
          onChange: set("durationMinutes"),
        }}
        {...fieldState(error, "durationMinutes")}
      />
      <Input
        label="Lieu"
        nativeInputProps={{ value: form.location, onChange: set("location") }}
        {...fieldState(error, "location")}
      />
      <Input
        label="Ordre du jour"
        textArea
        nativeTextAreaProps={{ value: form.agenda, onChange: set("agenda") }}
        {...fieldState(error, "agenda")}
      />
      <Input
        label="Décisions"
        textArea
        nativeTextAreaProps={{ value: form.decisions, onChange: set("decisions") }}
        {...fieldState(error, "decisions")}
      />
      <Checkbox
        legend="Organisations présentes"
        options={organisations.map((o) => ({
          label: o.name,
          nativeInputProps: {
            value: o.id,
            checked: attendees.has(o.id),
            onChange: (e) => {
              const next = new Set(attendees);
              if (e.target.checked) next.add(o.id);
              else next.delete(o.id);
              setAttendees(next);
            },
          },
        }))}
        {...(error instanceof ApiError &&
        Object.keys(error.fieldErrors).some((f) => f.startsWith("attendeeIds"))
          ? {
              state: "error" as const,
              stateRelatedMessage: "Une organisation présente est inconnue ou archivée.",
            }
          : {})}
      />
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend">Actions de suivi</legend>
        {drafts.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no identity before they are saved
          <div key={i} className="fr-fieldset__element">
            <Input
              label={`Action ${i + 1}`}
              nativeInputProps={{
                required: true,
                value: d.title,
                onChange: (e) =>
                  setDrafts(drafts.map((x, j) => (j === i ? { ...x, title: e.target.value } : x))),
              }}
              {...fieldState(error, `actions/${i}/title`)}
            />
            <Select
              label={`Organisation responsable de l'action ${i + 1}`}
              nativeSelectProps={{
                required: true,
                value: d.ownerOrganisationId,
                onChange: (e) =>
                  setDrafts(
                    drafts.map((x, j) => (j === i ? { ...x, ownerOrganisationId: e.target.value } : x)),
                  ),
              }}
              {...fieldState(error, `actions/${i}/ownerOrganisationId`)}
            >
              <option value="">Choisir</option>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <Input
              label={`Échéance de l'action ${i + 1}`}
              nativeInputProps={{
                type: "date",
                required: true,
                value: d.dueOn,
                onChange: (e) =>
                  setDrafts(drafts.map((x, j) => (j === i ? { ...x, dueOn: e.target.value } : x))),
              }}
              {...fieldState(error, `actions/${i}/dueOn`)}
            />
            <Button
              type="button"
              priority="tertiary"
              size="small"
              onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
            >
              Retirer l'action {i + 1}
            </Button>
          </div>
        ))}
        <Button
          type="button"
          priority="secondary"
          size="small"
          onClick={() => setDrafts([...drafts, { title: "", ownerOrganisationId: "", dueOn: "" }])}
        >
          Ajouter une action
        </Button>
      </fieldset>
      <Button type="submit" disabled={busy}>
        Enregistrer la réunion
      </Button>
    </form>
  );
}

function ActionsTable({
  code,
  items,
  canChange,
  onChanged,
}: {
  code: string;
  items: Action[];
  canChange: (a: Action) => boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const change = async (a: Action, status: "open" | "done") => {
    setError(null);
    try {
      await api.patch(`/departments/${code}/governance/actions/${a.id}`, { status });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  if (items.length === 0) return <p>Aucune action de suivi.</p>;
  return (
    <>
      <ErrorAlert error={error} />
      <div className="fr-table fr-table--bordered">
        <table>
          <caption>Actions décidées en réunion, par échéance</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Organisation responsable</th>
              <th scope="col">Échéance</th>
              <th scope="col">État</th>
              <th scope="col">
                <span className="fr-sr-only">Changer l'état</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.title}</th>
                <td>{a.owner.name}</td>
                <td>{formatDay(a.dueOn)}</td>
                <td>
                  {a.status === "done" ? (
                    <Badge severity="success" small>
                      Fait
                    </Badge>
                  ) : a.overdue ? (
                    <Badge severity="error" small>
                      En retard
                    </Badge>
                  ) : (
                    <Badge severity="info" small noIcon>
                      À faire
                    </Badge>
                  )}
                </td>
                <td>
                  {canChange(a) &&
                    (a.status === "open" ? (
                      <Button
                        size="small"
                        onClick={() => void change(a, "done")}
                        title={`Marquer « ${a.title} » comme fait`}
                      >
                        Fait
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        priority="secondary"
                        onClick={() => void change(a, "open")}
                        title={`Rouvrir « ${a.title} »`}
                      >
                        Rouvrir
                      </Button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
