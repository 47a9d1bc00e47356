import ICAL from "ical.js";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type {
  Action,
  BodyHistory,
  Meeting,
  MeetingListItem,
  NationalGovernance,
  QuarterCompliance,
} from "../../shared/governance";
import {
  auditRowsOf,
  callAt,
  db,
  department,
  organisation,
  type TestUser,
  token,
  user,
} from "../../test/factories";
import { attachmentHeader } from "../platform/documents";
import { governanceStatus } from "./queries";
import { governanceReminderSource } from "./reminders";

// 20 November 2026, 11:00 in Paris: the quarter in progress is 2026-Q4.
const NOW = "2026-11-20T10:00:00Z";
const base = "/api/v1/departments/62/governance";

let prefecture: TestUser;
let prefecture59: TestUser;
let member: TestUser;
let otherMember: TestUser;
let national: TestUser;
let prefectureOrg: { id: string };
let association: { id: string };
let orgOf59: { id: string };

const get = <T>(path: string, who: TestUser) =>
  callAt(NOW, "GET", path, { headers: who.headers }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as T,
  }));
const send = (method: string, path: string, who: TestUser, body?: unknown) =>
  callAt(NOW, method, path, { headers: who.headers, body });

const clav = {
  kind: "clav",
  designatedOn: "2026-01-15",
  coChairs: [
    { function: "Préfet", name: "Jacques Billant" },
    { function: "Procureur de la République près le tribunal judiciaire d'Arras", name: "Caroline Marès" },
  ],
  secretariat: { name: "Déléguée aux droits des femmes", email: "ddfe@pas-de-calais.gouv.fr" },
};

async function pdfBytes(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Compte rendu");
  return doc.save();
}

beforeAll(async () => {
  await department("62");
  await department("59");
  prefectureOrg = await organisation("62", {
    kind: "state_service",
    name: "Préfecture du Pas-de-Calais",
    rna: null,
  });
  association = await organisation("62", { name: "France Victimes 62" });
  const other = await organisation("62", { name: "CIDFF" });
  orgOf59 = await organisation("59", { name: "Association du Nord" });
  prefecture = await user("prefecture", "62");
  prefecture59 = await user("prefecture", "59");
  member = await user("member", "62", association.id);
  otherMember = await user("member", "62", other.id);
  national = await user("national");
});

describe("the governance body", () => {
  it("is designated by the prefecture, read by members and national users, refused to members and to 59", async () => {
    expect((await get<BodyHistory>(`${base}/body`, member)).body).toEqual({ current: null, history: [] });
    expect((await send("POST", `${base}/body`, member, clav)).status).toBe(403);
    expect((await send("POST", `${base}/body`, prefecture59, clav)).status).toBe(403);
    const res = await send("POST", `${base}/body`, prefecture, clav);
    expect(res.status, await res.clone().text()).toBe(201);
    const read = await get<BodyHistory>(`${base}/body`, national);
    expect(read.body.current).toMatchObject({ kind: "clav", designatedOn: "2026-01-15", replacedAt: null });
    expect(read.body.current?.coChairs).toHaveLength(2);
    expect((await get(`/api/v1/departments/59/governance/body`, member)).status).toBe(403);
  });

  it("a change of body keeps the previous one in the history (audited)", async () => {
    const res = await send("POST", `${base}/body`, prefecture, {
      ...clav,
      kind: "cdpd",
      designatedOn: "2026-03-01",
      coChairs: [{ function: "Préfet", name: "Jacques Billant" }],
    });
    expect(res.status).toBe(201);
    const { body } = await get<BodyHistory>(`${base}/body`, member);
    expect(body.current).toMatchObject({ kind: "cdpd", designatedOn: "2026-03-01" });
    expect(body.history).toEqual([expect.objectContaining({ kind: "clav", replacedAt: expect.any(String) })]);
    const audits = await auditRowsOf(body.current?.id ?? "");
    expect(audits).toEqual([expect.objectContaining({ action: "governance.body_designated" })]);
    expect(audits[0]?.before).toMatchObject({ kind: "clav" });
    // Back to a CLAV for the rest of the file.
    expect((await send("POST", `${base}/body`, prefecture, clav)).status).toBe(201);
  });

  it("refuses bad input with the field at fault", async () => {
    const res = await send("POST", `${base}/body`, prefecture, {
      ...clav,
      kind: "copil",
      coChairs: [],
      secretariat: { name: "x", email: "pas-une-adresse" },
    });
    expect(res.status).toBe(422);
    const pointers = ((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/kind", "/coChairs", "/secretariat/email"]));
  });
});

describe("meetings and compliance", () => {
  let thematic: Meeting;

  it("a quarter without a plenary meeting is flagged; recording one clears the flag", async () => {
    // A thematic group in Q4 and a plenary in Q3: Q4 is still flagged (no plenary held).
    const t = await send("POST", `${base}/meetings`, prefecture, {
      kind: "thematic",
      groupName: "Violences intrafamiliales",
      startsAt: "2026-10-08T09:30",
      attendeeIds: [association.id, prefectureOrg.id],
      agenda: "Ordonnances de protection",
      actions: [
        {
          title: "Recenser les places d'hébergement",
          ownerOrganisationId: association.id,
          dueOn: "2026-11-01",
        },
      ],
    });
    expect(t.status, await t.clone().text()).toBe(201);
    thematic = (await t.json()) as Meeting;
    expect(thematic.attendees.map((a) => a.name)).toEqual([
      "France Victimes 62",
      "Préfecture du Pas-de-Calais",
    ]);
    expect(thematic.actions).toEqual([
      expect.objectContaining({
        status: "open",
        overdue: true,
        owner: { id: association.id, name: "France Victimes 62" },
      }),
    ]);
    expect(
      (await send("POST", `${base}/meetings`, prefecture, { kind: "plenary", startsAt: "2026-09-10T14:00" }))
        .status,
    ).toBe(201);
    // A plenary planned later in the quarter is not a meeting held.
    expect(
      (await send("POST", `${base}/meetings`, prefecture, { kind: "plenary", startsAt: "2026-12-15T14:00" }))
        .status,
    ).toBe(201);

    const before = await get<{ items: QuarterCompliance[] }>(`${base}/compliance`, member);
    expect(before.body.items.slice(0, 3)).toEqual([
      {
        period: "2026-Q4",
        bodyDesignated: true,
        plenaryMeetings: 0,
        meetingsHeld: 1,
        nextPlenaryAt: "2026-12-15T14:00",
        flagged: true,
        inProgress: true,
      },
      expect.objectContaining({ period: "2026-Q3", plenaryMeetings: 1, flagged: false, inProgress: false }),
      // Q2: the body stood (designated 15 January) but did not meet.
      expect.objectContaining({ period: "2026-Q2", bodyDesignated: true, plenaryMeetings: 0, flagged: true }),
    ]);
    expect(before.body.items.at(-1)).toMatchObject({
      period: "2025-Q4",
      bodyDesignated: false,
      flagged: true,
    });

    const plenary = await send("POST", `${base}/meetings`, prefecture, {
      kind: "plenary",
      startsAt: "2026-11-20T09:00",
      attendeeIds: [prefectureOrg.id],
    });
    expect(plenary.status).toBe(201);
    const after = await get<{ items: QuarterCompliance[] }>(`${base}/compliance`, member);
    expect(after.body.items[0]).toMatchObject({ period: "2026-Q4", plenaryMeetings: 1, flagged: false });
  });

  it("refuses attendees and owners outside the département, a thematic group without a name, unknown keys", async () => {
    const res = await send("POST", `${base}/meetings`, prefecture, {
      kind: "plenary",
      startsAt: "2026-11-21T09:00",
      attendeeIds: [association.id, orgOf59.id],
      actions: [{ title: "x", ownerOrganisationId: orgOf59.id, dueOn: "2026-12-01" }],
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual([
      "/attendeeIds/1",
      "/actions/0/ownerOrganisationId",
    ]);
    const unnamed = await send("POST", `${base}/meetings`, prefecture, {
      kind: "thematic",
      startsAt: "2026-11-21T09:00",
    });
    expect(unnamed.status).toBe(422);
    expect(await unnamed.json()).toMatchObject({ errors: [{ pointer: "/groupName" }] });
    const badTime = await send("POST", `${base}/meetings`, prefecture, {
      kind: "plenary",
      startsAt: "2026-11-21T25:00",
    });
    expect(await badTime.json()).toMatchObject({ errors: [{ pointer: "/startsAt" }] });
    const extra = await send("POST", `${base}/meetings`, prefecture, {
      kind: "plenary",
      startsAt: "2026-11-21T09:00",
      date: 1,
    });
    expect(await extra.json()).toMatchObject({ errors: [{ pointer: "/date" }] });
  });

  it("members read meetings but do not write them; 59 reads nothing of 62", async () => {
    const list = await get<{ items: MeetingListItem[] }>(`${base}/meetings`, member);
    expect(list.body.items.map((m) => m.startsAt)).toEqual([
      "2026-12-15T14:00",
      "2026-11-20T09:00",
      "2026-10-08T09:30",
      "2026-09-10T14:00",
    ]);
    expect(list.body.items[2]).toMatchObject({ openActions: 1, period: "2026-Q4" });
    expect(
      (await send("POST", `${base}/meetings`, member, { kind: "plenary", startsAt: "2026-11-21T09:00" }))
        .status,
    ).toBe(403);
    expect((await send("PATCH", `${base}/meetings/${thematic.id}`, member, { agenda: "x" })).status).toBe(
      403,
    );
    expect((await get(`${base}/meetings/${thematic.id}`, prefecture59)).status).toBe(403);
    expect(
      (await get(`/api/v1/departments/59/governance/meetings/${thematic.id}`, prefecture59)).status,
    ).toBe(404);
  });

  it("a meeting is edited with If-Match: a stale version is refused (412) and nothing is written", async () => {
    const res = await callAt(NOW, "PATCH", `${base}/meetings/${thematic.id}`, {
      headers: { ...prefecture.headers, "if-match": '"1"' },
      body: { decisions: "Un groupe de travail hébergement.", attendeeIds: [association.id] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(await res.json()).toMatchObject({
      decisions: "Un groupe de travail hébergement.",
      attendees: [{ id: association.id }],
    });
    const stale = await callAt(NOW, "PATCH", `${base}/meetings/${thematic.id}`, {
      headers: { ...prefecture.headers, "if-match": '"1"' },
      body: { decisions: "écrasé" },
    });
    expect(stale.status).toBe(412);
    expect((await get<Meeting>(`${base}/meetings/${thematic.id}`, member)).body.decisions).toBe(
      "Un groupe de travail hébergement.",
    );
  });
});

describe("follow-up actions", () => {
  it("the owner organisation's member or the prefecture marks an action done; another member cannot", async () => {
    const open = await get<{ items: Action[] }>(`${base}/actions?status=open`, member);
    const action = open.body.items[0] as Action;
    expect(action).toMatchObject({ title: "Recenser les places d'hébergement", overdue: true });
    expect(
      (await send("PATCH", `${base}/actions/${action.id}`, otherMember, { status: "done" })).status,
    ).toBe(403);
    const done = await send("PATCH", `${base}/actions/${action.id}`, member, { status: "done" });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: "done",
      overdue: false,
      doneAt: NOW.replace("Z", ".000Z"),
    });
    expect((await send("PATCH", `${base}/actions/${action.id}`, prefecture, { status: "open" })).status).toBe(
      200,
    );
    const mine = await get<{ items: Action[] }>(`${base}/actions?mine=true`, otherMember);
    expect(mine.body.items).toEqual([]);
  });

  it("governanceStatus tells the reminders: body, plenary held, overdue actions with their owner", async () => {
    const status = await governanceStatus(db(), "62", "2026-Q4", "2026-11-20");
    expect(status).toMatchObject({
      bodyDesignated: true,
      body: { kind: "clav", secretariatEmail: "ddfe@pas-de-calais.gouv.fr" },
      plenaryHeld: true,
      nextPlenaryAt: "2026-12-15T14:00",
      overdueActions: [{ title: "Recenser les places d'hébergement", owner: { name: "France Victimes 62" } }],
    });
    const q2 = await governanceStatus(db(), "62", "2026-Q2", "2026-10-31");
    expect(q2).toMatchObject({ plenaryHeld: false, overdueActions: [] });
    const nord = await governanceStatus(db(), "59", "2026-Q4", "2026-11-20");
    expect(nord).toMatchObject({ bodyDesignated: false, body: null, plenaryHeld: false, overdueActions: [] });
  });

  it("the reminder source: no plenary three weeks before the quarter ends (59), overdue actions to their owner (62)", async () => {
    const run = (today: string) =>
      governanceReminderSource.due(db(), {
        trigger: "daily",
        at: new Date(`${today}T07:30:00Z`),
        today,
        departmentCodes: ["62", "59"],
      });
    const november = await run("2026-11-20");
    expect(november.filter((r) => r.kind === "governance_no_plenary")).toEqual([]);
    const december = await run("2026-12-10");
    expect(december.filter((r) => r.kind === "governance_no_plenary")).toEqual([
      expect.objectContaining({
        departmentCode: "59",
        subject: "2026-Q4",
        occurrence: "once",
        audience: { prefecture: true, organisationIds: [] },
        link: "/departements/59/gouvernance",
      }),
    ]);
    expect(december.filter((r) => r.kind === "governance_actions_overdue")).toEqual([
      expect.objectContaining({
        departmentCode: "62",
        audience: { prefecture: true, organisationIds: [association.id] },
        title: "Action de suivi en retard : « Recenser les places d'hébergement »",
      }),
    ]);
    expect(
      await governanceReminderSource.due(db(), {
        trigger: "daily",
        at: new Date(),
        today: "2026-12-10",
        departmentCodes: [],
      }),
    ).toEqual([]);
  });
});

describe("minutes", () => {
  const upload = async (bytes: Uint8Array, name: string, who = prefecture) => {
    const { body } = await get<{ items: MeetingListItem[] }>(`${base}/meetings`, member);
    const meeting = body.items[1] as MeetingListItem;
    const form = new FormData();
    form.append("file", new File([new Uint8Array(bytes)], name, { type: "application/pdf" }));
    return {
      meeting,
      res: await callAt(NOW, "POST", `${base}/meetings/${meeting.id}/minutes`, {
        headers: who.headers,
        body: form,
      }),
    };
  };

  it("an executable named .pdf is refused by its content (415, pointing at the file)", async () => {
    const exe = new Uint8Array(2048);
    exe.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
    const { res } = await upload(exe, "compte-rendu.pdf");
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({
      code: "unsupported_file_type",
      errors: [{ in: "file", pointer: "/file" }],
    });
    const { res: byMember } = await upload(await pdfBytes(), "cr.pdf", member);
    expect(byMember.status).toBe(403);
  });

  it("10 MB is accepted (past the 1 MB body limit of JSON routes), 10 MB + 1 byte refused (413)", async () => {
    const head = await pdfBytes();
    const exact = new Uint8Array(10 * 1024 * 1024);
    exact.set(head);
    const { res: ok } = await upload(exact, "gros.pdf");
    expect(ok.status, await ok.clone().text()).toBe(201);
    const over = new Uint8Array(10 * 1024 * 1024 + 1);
    over.set(head);
    const { res } = await upload(over, "trop-gros.pdf");
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      code: "file_too_large",
      errors: [{ in: "file", pointer: "/file" }],
    });
  }, 30_000); // two 10 MB uploads: slow on a loaded machine

  it("a PDF is stored, listed on its meeting and downloaded byte for byte as an attachment", async () => {
    const bytes = await pdfBytes();
    const { meeting, res } = await upload(bytes, "Compte rendu CLAV.docx");
    expect(res.status).toBe(201);
    const minutes = (await res.json()) as { id: string; name: string };
    expect(minutes.name).toBe("Compte rendu CLAV.pdf");
    const read = await get<Meeting>(`${base}/meetings/${meeting.id}`, member);
    expect(read.body.minutes.at(-1)).toEqual(expect.objectContaining({ id: minutes.id, fileType: "pdf" }));
    const down = await callAt(NOW, "GET", `${base}/meetings/${meeting.id}/minutes/${minutes.id}`, {
      headers: member.headers,
    });
    expect(down.status).toBe(200);
    expect(down.headers.get("content-disposition")).toBe(attachmentHeader("Compte rendu CLAV.pdf"));
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(bytes);
  });
});

describe("the national view", () => {
  it("says which départements met this quarter and which have not designated a body, national users only", async () => {
    expect((await get(`/api/v1/national/governance`, prefecture)).status).toBe(403);
    const { status, body } = await get<NationalGovernance>(`/api/v1/national/governance`, national);
    expect(status).toBe(200);
    expect(body.period).toBe("2026-Q4");
    expect(body.summary).toEqual({
      departments: 2,
      withBody: 1,
      met: 1,
      withoutBody: ["59"],
      notMet: ["59"],
    });
    expect(body.items.find((i) => i.departmentCode === "62")).toMatchObject({
      bodyKind: "clav",
      plenaryMeetings: 1,
      meetingsHeld: 2,
      lastMeetingAt: "2026-11-20T09:00",
      flagged: false,
    });
    const q2 = await get<NationalGovernance>(`/api/v1/national/governance?period=2026-Q2`, national);
    expect(q2.body.summary).toMatchObject({ withBody: 1, met: 0, notMet: ["59", "62"] });
  });
});

describe("the iCalendar feed", () => {
  it("is read with an API token and parsed back: meetings at Paris time with VTIMEZONE, report due dates, actions due", async () => {
    const t = await token(member);
    const res = await callAt(NOW, "GET", "/api/v1/departments/62/calendar.ics", { headers: t.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await res.text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    const tz = calendar.getFirstSubcomponent("vtimezone");
    expect(tz?.getFirstPropertyValue("tzid")).toBe("Europe/Paris");
    // Times are read through the feed's own VTIMEZONE, as a calendar client does.
    if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    const plenary = events.find(
      (e) => e.summary === "CLAV — séance plénière" && e.startDate.toString().startsWith("2026-11-20"),
    );
    expect(plenary).toBeDefined();
    // 09:00 in Paris on 20 November (winter time) is 08:00 UTC.
    expect(plenary?.component.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("Europe/Paris");
    expect(plenary?.startDate.toJSDate().toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(plenary?.endDate.toJSDate().toISOString()).toBe("2026-11-20T10:00:00.000Z");
    // 14:00 in Paris on 10 September (summer time) is 12:00 UTC.
    const september = events.find((e) => e.startDate.toString().startsWith("2026-09-10"));
    expect(september?.startDate.toJSDate().toISOString()).toBe("2026-09-10T12:00:00.000Z");
    const thematic = events.find((e) => e.summary.includes("Violences intrafamiliales"));
    expect(thematic?.description).toContain("Ordonnances de protection");
    // The 2026-Q3 report is due 30 days after it opens on 1 October: 31 October, all day.
    const report = events.find((e) => e.summary.startsWith("Rapport trimestriel 2026-Q3"));
    expect(report?.startDate.isDate).toBe(true);
    expect(report?.startDate.toString()).toBe("2026-10-31");
    const action = events.find((e) => e.summary.startsWith("Action à échéance"));
    expect(action?.summary).toBe(
      "Action à échéance : Recenser les places d'hébergement (France Victimes 62)",
    );
    expect(action?.startDate.toString()).toBe("2026-11-01");
    expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
  });

  it("is refused to another département's token and to a revoked token", async () => {
    const t59 = await token(prefecture59);
    expect(
      (await callAt(NOW, "GET", "/api/v1/departments/62/calendar.ics", { headers: t59.headers })).status,
    ).toBe(403);
    const revoked = await token(member, { revokedAt: NOW });
    expect(
      (await callAt(NOW, "GET", "/api/v1/departments/62/calendar.ics", { headers: revoked.headers })).status,
    ).toBe(401);
  });
});
