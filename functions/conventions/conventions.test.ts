import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Convention, ConventionRevision, EvaluationSummary, Template } from "../../shared/conventions";
import {
  auditRowsOf,
  call,
  callAt,
  commune,
  db,
  department,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { pdfText } from "../../test/pdf";
import { acceptedApplication } from "../../test/placements";
import { users } from "../auth/schema";
import { mailLog } from "../platform/schema";
import { conventionsReminderSource } from "./reminders";
import { conventionsAwaitingSignature } from "./service";

const base = "/api/v1/departments/62/conventions";
let host: TestUser;
let hostColleague: TestUser;
let commander: TestUser;
let gendarme: TestUser;
let stranger: TestUser;
let prefecture: TestUser;
let national: TestUser;
let franceVictimes: { id: string };
let brigade: { id: string };

beforeAll(async () => {
  await department("62");
  await department("59");
  await commune("62", { population: 42_875 });
  franceVictimes = await organisation("62", { name: "France Victimes 62" });
  brigade = await organisation("62", {
    kind: "gendarmerie",
    name: "Brigade de gendarmerie de Saint-Pol-sur-Ternoise",
    rna: null,
    siret: "99900000000010",
  });
  host = await user("member", "62", franceVictimes.id, "helene.dupre@francevictimes62.test");
  hostColleague = await user("member", "62", franceVictimes.id, "juriste@francevictimes62.test");
  commander = await user("member", "62", brigade.id, "commandant@brigade-stpol.test");
  gendarme = await user("member", "62", brigade.id, "camille.lefevre@brigade-stpol.test");
  stranger = await user("member", "62", (await organisation("62")).id);
  prefecture = await user("prefecture", "62");
  national = await user("national");
  for (const [who, name] of [
    [host, "Hélène Dupré"],
    [commander, "Commandant Éric Noël"],
    [gendarme, "Camille Lefèvre"],
  ] as const)
    await db().update(users).set({ name }).where(eq(users.id, who.id));
});

async function newApplication(status: "accepted" | "pending" = "accepted", dates?: [string, string]) {
  return acceptedApplication("62", {
    hostOrganisationId: franceVictimes.id,
    applicantUserId: gendarme.id,
    applicantOrganisationId: brigade.id,
    status,
    ...(dates ? { wantedStart: dates[0], wantedEnd: dates[1] } : {}),
  });
}

async function create(by: TestUser, applicationId: string, extra: Record<string, unknown> = {}) {
  return call("POST", base, { headers: by.headers, body: { applicationId, ...extra } });
}

async function createConvention(dates?: [string, string]) {
  const application = await newApplication("accepted", dates);
  const res = await create(host, application.id);
  expect(res.status).toBe(201);
  return (await res.json()) as Convention;
}

const post = (who: TestUser, path: string, body: unknown = {}) =>
  call("POST", path, { headers: who.headers, body });

async function signedConvention(dates?: [string, string]) {
  const c = await createConvention(dates);
  expect((await post(host, `${base}/${c.id}/send`)).status).toBe(200);
  for (const who of [commander, host, gendarme])
    expect((await post(who, `${base}/${c.id}/sign`)).status).toBe(200);
  return c;
}

async function mailsFor(conventionId: string) {
  return db()
    .select()
    .from(mailLog)
    .where(like(mailLog.idempotencyKey, `convention:${conventionId}:%`));
}

describe("a convention made from an accepted application", () => {
  it("is a draft between the host, the sending organisation and the trainee, with the default template filled in", async () => {
    const application = await newApplication();
    const res = await create(host, application.id);
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    const c = (await res.json()) as Convention;
    expect(c).toMatchObject({
      status: "draft",
      revision: 0,
      host: { organisationId: franceVictimes.id, name: "France Victimes 62" },
      sending: { name: "Brigade de gendarmerie de Saint-Pol-sur-Ternoise" },
      trainee: { userId: gendarme.id, profession: "gendarmerie" },
      place: "Arras",
      startsOn: "2026-10-12",
      endsOn: "2026-10-13",
      halfDays: 4,
      templateVersion: 1,
    });
    const text = c.text.map((b) => b.text).join("\n");
    expect(text).toContain("entre France Victimes 62");
    expect(text).toContain("Brigade de gendarmerie de Saint-Pol-sur-Ternoise (structure d'origine)");
    expect(text).toContain("Article 6 — Confidentialité et secret professionnel");
    expect(text).toContain("du 12/10/2026 au 13/10/2026 (4 demi-journées), à Arras");
    expect(c.steps.map((s) => [s.party, s.state])).toEqual([
      ["sending", "waiting"],
      ["host", "waiting"],
      ["trainee", "waiting"],
    ]);
    expect((await auditRowsOf(c.id)).map((a) => a.action)).toEqual(["convention.created"]);
  });

  it("only once per application (409), only from an accepted one (409), never by the trainee (403) or a stranger (422)", async () => {
    const accepted = await newApplication();
    expect((await create(commander, accepted.id)).status).toBe(201);
    const again = await create(host, accepted.id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "convention_exists" });
    const pending = await newApplication("pending");
    const refused = await create(host, pending.id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "application_not_accepted" });
    const other = await newApplication();
    expect((await create(gendarme, other.id)).status).toBe(403);
    const res = await create(stranger, other.id);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ errors: [{ in: "body", pointer: "/applicationId" }] });
  });

  it("dates it is given replace the application's; an end before the start is refused at /endsOn", async () => {
    const application = await newApplication();
    const bad = await create(host, application.id, { startsOn: "2026-10-20", endsOn: "2026-10-19" });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: [{ pointer: "/endsOn" }] });
    const ok = await create(host, application.id, {
      startsOn: "2026-10-19",
      endsOn: "2026-10-20",
      halfDays: 3,
    });
    expect(await ok.json()).toMatchObject({ startsOn: "2026-10-19", endsOn: "2026-10-20", halfDays: 3 });
  });

  it("is seen by its parties, the prefecture and national users; anyone else gets 404", async () => {
    const c = await createConvention();
    for (const who of [host, commander, gendarme, prefecture, national])
      expect((await call("GET", `${base}/${c.id}`, { headers: who.headers })).status).toBe(200);
    expect((await call("GET", `${base}/${c.id}`, { headers: stranger.headers })).status).toBe(404);
    const listed = (await (await call("GET", base, { headers: stranger.headers })).json()) as {
      items: unknown[];
    };
    expect(listed.items).toEqual([]);
    const mine = (await (await call("GET", base, { headers: gendarme.headers })).json()) as {
      items: { id: string }[];
    };
    expect(mine.items.map((i) => i.id)).toContain(c.id);
  });
});

describe("the signature circuit: sending organisation, then host, then trainee", () => {
  it("each party signs in turn, who and when are recorded, and each is mailed when it is their turn", async () => {
    const c = await createConvention();
    const sent = await post(host, `${base}/${c.id}/send`);
    expect(sent.status).toBe(200);
    expect(((await sent.json()) as Convention).steps.map((s) => s.state)).toEqual([
      "current",
      "waiting",
      "waiting",
    ]);
    // The sending organisation is told, but not the trainee, who is not its representative here.
    expect((await mailsFor(c.id)).map((m) => m.to)).toEqual(["commandant@brigade-stpol.test"]);

    const early = await post(host, `${base}/${c.id}/sign`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: "not_your_turn" });
    const trainee = await post(gendarme, `${base}/${c.id}/sign`);
    expect(trainee.status).toBe(409);

    const first = await post(commander, `${base}/${c.id}/sign`, { signerFunction: "Commandant de brigade" });
    expect(first.status).toBe(200);
    const afterFirst = (await first.json()) as Convention;
    expect(afterFirst.steps[0]).toMatchObject({
      state: "signed",
      signature: { method: "app", signerUserId: commander.id, signerFunction: "Commandant de brigade" },
    });
    expect(afterFirst.steps[1]?.state).toBe("current");
    expect((await mailsFor(c.id)).map((m) => m.to).sort()).toEqual([
      "commandant@brigade-stpol.test",
      "helene.dupre@francevictimes62.test",
      "juriste@francevictimes62.test",
    ]);
    // The sending organisation cannot sign twice, nor for the host.
    expect((await post(commander, `${base}/${c.id}/sign`)).status).toBe(403);

    expect((await post(host, `${base}/${c.id}/sign`)).status).toBe(200);
    expect((await mailsFor(c.id)).map((m) => m.to)).toContain("camille.lefevre@brigade-stpol.test");
    const last = await post(gendarme, `${base}/${c.id}/sign`);
    const signed = (await last.json()) as Convention;
    expect(signed.status).toBe("signed");
    expect(signed.signedAt).not.toBeNull();
    expect(signed.steps.map((s) => s.signature?.signerUserId)).toEqual([commander.id, host.id, gendarme.id]);
    expect(signed.awaitingSince).toBeNull();
    expect((await post(gendarme, `${base}/${c.id}/sign`)).status).toBe(409);
    const mails = await mailsFor(c.id);
    expect(new Set(mails.map((m) => m.idempotencyKey)).size).toBe(mails.length);
    expect(mails.find((m) => m.to === "camille.lefevre@brigade-stpol.test")?.text).toContain(
      `/departements/62/conventions/${c.id}`,
    );
  });

  it("two representatives of the host signing at the same moment: one signs, the other gets 409", async () => {
    const c = await createConvention();
    await post(host, `${base}/${c.id}/send`);
    await post(commander, `${base}/${c.id}/sign`);
    const answers = await Promise.all([
      post(host, `${base}/${c.id}/sign`),
      post(hostColleague, `${base}/${c.id}/sign`),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = (await (
      await call("GET", `${base}/${c.id}/revisions`, { headers: host.headers })
    ).json()) as { items: ConventionRevision[] };
    expect(history.items[0]?.signatures.map((s) => s.party)).toEqual(["sending", "host"]);
  });

  it("the prefecture and national users sign nothing; the prefecture may cancel with a reason", async () => {
    const c = await createConvention();
    await post(host, `${base}/${c.id}/send`);
    expect((await post(prefecture, `${base}/${c.id}/sign`)).status).toBe(403);
    expect((await post(national, `${base}/${c.id}/sign`)).status).toBe(403);
    expect((await post(prefecture, `${base}/${c.id}/cancellation`, {})).status).toBe(422);
    const res = await post(prefecture, `${base}/${c.id}/cancellation`, { reason: "Stage reporté" });
    expect(await res.json()).toMatchObject({ status: "cancelled", cancelReason: "Stage reporté" });
    expect((await post(commander, `${base}/${c.id}/sign`)).status).toBe(409);
  });

  it("a convention signed on paper is recorded with its scan (type read from the content)", async () => {
    const c = await createConvention();
    await post(host, `${base}/${c.id}/send`);
    await post(commander, `${base}/${c.id}/sign`);
    const exe = new FormData();
    exe.set("file", new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])], "convention.pdf"));
    const refused = await call("POST", `${base}/${c.id}/signed-document`, {
      headers: host.headers,
      body: exe,
    });
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ errors: [{ in: "file", pointer: "/file" }] });
    const scan = new FormData();
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    scan.set("file", new File([pdf], "convention signée.docx"));
    const res = await call("POST", `${base}/${c.id}/signed-document`, { headers: host.headers, body: scan });
    expect(res.status).toBe(200);
    const signed = (await res.json()) as Convention;
    expect(signed.status).toBe("signed");
    expect(signed.steps.map((s) => s.signature?.method)).toEqual(["app", "outside", "outside"]);
    const download = await call("GET", `${base}/${c.id}/documents/${signed.signedOutsideDocumentId}`, {
      headers: gendarme.headers,
    });
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain(
      "convention signée.pdf".replace(" ", "%20").replace("é", "%C3%A9"),
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
  });

  it("conventionsAwaitingSignature gives the reminders whose turn it is, and since when", async () => {
    const c = await createConvention();
    await post(host, `${base}/${c.id}/send`);
    await post(commander, `${base}/${c.id}/sign`);
    const now = new Date(Date.now() + 3 * 86_400_000);
    const late = await conventionsAwaitingSignature(db(), ["62"], 2, now);
    expect(late.find((x) => x.conventionId === c.id)).toMatchObject({
      party: "host",
      organisationId: franceVictimes.id,
      userId: null,
    });
    expect(
      (await conventionsAwaitingSignature(db(), ["62"], 5, now)).map((x) => x.conventionId),
    ).not.toContain(c.id);
    expect(await conventionsAwaitingSignature(db(), ["59"], 0, now)).toEqual([]);
  });

  it("the reminder source reaches only the party whose turn it is, after 14 days, once per turn", async () => {
    const c = await createConvention();
    await post(host, `${base}/${c.id}/send`);
    await post(commander, `${base}/${c.id}/sign`);
    const run = (days: number) => {
      const at = new Date(Date.now() + days * 86_400_000);
      return conventionsReminderSource.due(db(), {
        trigger: "daily",
        at,
        today: at.toISOString().slice(0, 10),
        departmentCodes: ["62", "59"],
      });
    };
    expect((await run(13)).map((r) => r.subject)).not.toContain(c.id);
    const [reminder] = (await run(15)).filter((r) => r.subject === c.id);
    expect(reminder).toMatchObject({
      departmentCode: "62",
      kind: "convention_awaiting_signature",
      audience: { prefecture: false, organisationIds: [franceVictimes.id], userIds: [] },
      link: `/departements/62/conventions/${c.id}`,
    });
    expect(reminder?.occurrence).toMatch(/^host@/);
  });
});

describe("the application behind the convention", () => {
  it("a signed convention stops the trainee withdrawing the application (409 from placements)", async () => {
    const c = await signedConvention();
    const res = await post(
      gendarme,
      `/api/v1/departments/62/placements/${c.offerId}/applications/${c.applicationId}/withdraw`,
      {},
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "convention_signed" });
  });

  it("an application withdrawn before signature stops the circuit (409 application_withdrawn)", async () => {
    const c = await createConvention();
    await post(host, `${base}/${c.id}/send`);
    const withdrawn = await post(
      gendarme,
      `/api/v1/departments/62/placements/${c.offerId}/applications/${c.applicationId}/withdraw`,
      {},
    );
    expect(withdrawn.status).toBe(200);
    const res = await post(commander, `${base}/${c.id}/sign`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "application_withdrawn" });
    expect(
      (await post(commander, `${base}/${c.id}/cancellation`, { reason: "Candidature retirée" })).status,
    ).toBe(200);
  });
});

describe("amendments, completion and evaluations", () => {
  it("an amendment goes through the circuit again and keeps the previous version with its signatures", async () => {
    const c = await signedConvention();
    const res = await post(host, `${base}/${c.id}/amendments`, {
      reason: "Interruption : mutation",
      interruptedOn: "2026-10-12",
    });
    expect(res.status).toBe(201);
    const amended = (await res.json()) as Convention;
    expect(amended).toMatchObject({
      status: "awaiting_signatures",
      revision: 1,
      endsOn: "2026-10-12",
      interruptedOn: "2026-10-12",
    });
    expect(amended.steps.map((s) => s.state)).toEqual(["current", "waiting", "waiting"]);
    for (const who of [commander, host, gendarme])
      expect((await post(who, `${base}/${c.id}/sign`)).status).toBe(200);
    const history = (await (
      await call("GET", `${base}/${c.id}/revisions`, { headers: prefecture.headers })
    ).json()) as { items: ConventionRevision[] };
    expect(history.items.map((r) => [r.revision, r.kind, r.endsOn, r.complete, r.signatures.length])).toEqual(
      [
        [0, "original", "2026-10-13", true, 3],
        [1, "amendment", "2026-10-12", true, 3],
      ],
    );
  });

  it("the host confirms the placement from its first day; then the trainee and the host evaluate, the prefecture reads an anonymous summary", async () => {
    const c = await signedConvention(["2026-10-12", "2026-10-13"]);
    const tooEarly = await callAt("2026-10-11T10:00:00Z", "POST", `${base}/${c.id}/completion`, {
      headers: host.headers,
    });
    expect(tooEarly.status).toBe(409);
    expect((await post(commander, `${base}/${c.id}/completion`)).status).toBe(403);
    expect(
      (await post(gendarme, `${base}/${c.id}/evaluations`, { learned: "a", change: "b", rating: 4 })).status,
    ).toBe(409);
    const done = await post(host, `${base}/${c.id}/completion`);
    expect(await done.json()).toMatchObject({ status: "completed" });

    const bad = await post(gendarme, `${base}/${c.id}/evaluations`, { learned: "x", change: "y", rating: 6 });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: [{ pointer: "/rating" }] });
    const mine = {
      learned: "Comment l'association accompagne une victime jusqu'à l'audience",
      change: "J'orienterai plus tôt vers France Victimes",
      rating: 5,
    };
    expect((await post(gendarme, `${base}/${c.id}/evaluations`, mine)).status).toBe(201);
    expect((await post(gendarme, `${base}/${c.id}/evaluations`, mine)).status).toBe(409);
    const theirs = {
      learned: "Les contraintes d'une brigade rurale",
      change: "Des permanences à la brigade",
      rating: 4,
    };
    expect((await post(commander, `${base}/${c.id}/evaluations`, theirs)).status).toBe(403);
    const hostEval = await post(host, `${base}/${c.id}/evaluations`, theirs);
    expect(await hostEval.json()).toMatchObject({ evaluations: { trainee: true, host: true } });

    expect(
      (await call("GET", "/api/v1/departments/62/convention-evaluations", { headers: host.headers })).status,
    ).toBe(403);
    const res = await call("GET", "/api/v1/departments/62/convention-evaluations", {
      headers: prefecture.headers,
    });
    const summary = (await res.json()) as EvaluationSummary;
    expect(summary.trainee).toMatchObject({ count: 1, averageRating: 5, ratings: [0, 0, 0, 0, 1] });
    expect(summary.host).toMatchObject({ count: 1, averageRating: 4 });
    expect(summary.comments).toContainEqual({
      party: "trainee",
      ...{ learned: mine.learned, change: mine.change },
    });
    const raw = JSON.stringify(summary);
    for (const secret of [c.id, gendarme.id, host.id, gendarme.email, "Brigade"])
      expect(raw).not.toContain(secret);
  });
});

describe("the template: French default, versioned, a convention keeps the version it was made from", () => {
  it("a prefecture edit makes a new version; conventions made before keep their text, new ones take the new one", async () => {
    const before = await createConvention();
    const read = await call("GET", "/api/v1/departments/62/convention-template", { headers: host.headers });
    const template = (await read.json()) as Template;
    const etag = read.headers.get("etag") ?? "";
    expect(template.current).toMatchObject({ edited: false });
    expect(template.current.body).toContain("secret professionnel");

    const edited = `${template.current.body}\n## Article 9 — Restitution\nUne restitution a lieu devant le comité de pilotage ({{departement}}).\n`;
    const put = (who: TestUser, body: unknown, ifMatch?: string) =>
      call("PUT", "/api/v1/departments/62/convention-template", {
        headers: { ...who.headers, ...(ifMatch ? { "if-match": ifMatch } : {}) },
        body,
      });
    expect((await put(host, { body: edited }, etag)).status).toBe(403);
    expect((await put(prefecture, { body: edited })).status).toBe(428);
    const unknown = await put(prefecture, { body: `${edited} {{salaire}}` }, etag);
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      errors: [{ pointer: "/body", detail: "Champ inconnu : {{salaire}}." }],
    });
    const noParties = await put(prefecture, { body: "# Convention\n\nEntre {{structure_accueil}}." }, etag);
    expect(noParties.status).toBe(422);

    const saved = await put(prefecture, { body: edited }, etag);
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe(`"${template.current.version + 1}"`);
    expect((await put(prefecture, { body: `${edited}\nEncore.` }, etag)).status).toBe(412);

    const old = (await (
      await call("GET", `${base}/${before.id}`, { headers: host.headers })
    ).json()) as Convention;
    expect(old.templateVersion).toBe(template.current.version);
    expect(old.text.map((b) => b.text)).not.toContain("Article 9 — Restitution");
    const after = await createConvention();
    expect(after.templateVersion).toBe(template.current.version + 1);
    expect(after.text.map((b) => b.text)).toContain("Article 9 — Restitution");
    expect(after.text.map((b) => b.text)).toContain(
      "Une restitution a lieu devant le comité de pilotage (Pas-de-Calais).",
    );

    const versions = (await (
      await call("GET", "/api/v1/departments/62/convention-template/versions", { headers: national.headers })
    ).json()) as { items: { version: number; edited: boolean }[] };
    expect(versions.items.map((v) => [v.version, v.edited])).toEqual([
      [2, true],
      [1, false],
    ]);
    // Another département still has the default.
    const other = await call("GET", "/api/v1/departments/59/convention-template", {
      headers: national.headers,
    });
    expect(((await other.json()) as Template).current.version).toBe(1);
  });
});

describe("the printable convention", () => {
  it("as PDF, read back: the parties' names with their accents, the secrecy clause, the signatures", async () => {
    const c = await signedConvention();
    const res = await call("GET", `${base}/${c.id}.pdf`, { headers: gendarme.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).join("\n");
    expect(text).toContain("Brigade de gendarmerie de Saint-Pol-sur-Ternoise");
    expect(text).toContain("France Victimes 62");
    expect(text).toContain("Article 6 — Confidentialité et secret professionnel");
    expect(text).toContain(
      "Structure d'origine — Brigade de gendarmerie de Saint-Pol-sur-Ternoise : signé le",
    );
    const flowing = text.replaceAll("\n", " ");
    expect(flowing).toContain("par Commandant Éric Noël");
    expect(flowing).toContain("France Victimes 62 : signé le");
    expect(flowing).toContain("par Hélène Dupré");
    expect(text).toMatch(/Stagiaire — Camille Lefèvre : signé le \d\d\/\d\d\/\d{4}/);
  });

  it("as HTML, escaped and without script; a stranger gets 404", async () => {
    const c = await createConvention();
    const res = await call("GET", `${base}/${c.id}.html`, { headers: host.headers });
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("<h2>Article 6 — Confidentialité et secret professionnel</h2>");
    expect(html).toContain("Brigade de gendarmerie de Saint-Pol-sur-Ternoise (structure d&#39;origine)");
    expect(html).not.toContain("<script");
    expect((await call("GET", `${base}/${c.id}.pdf`, { headers: stranger.headers })).status).toBe(404);
  });
});
