import { eq } from "drizzle-orm";
import type { Member } from "../../shared/organisation";
import { createInvitationLink, deleteVerificationToken, insertVerificationToken } from "../auth/invitation";
import { departments } from "../departments/schema";
import { actorUserId, auditEvent } from "../platform/audit";
import type { Actor } from "../platform/context";
import { guardedBatch, StaleWrite } from "../platform/db";
import { AppError } from "../platform/errors";
import type { Services } from "../platform/services";
import { invitationMail } from "./invitation-mail";
import { findInvitation, insertInvitation, replaceInvitation } from "./queries";

/** A member's invitation can be sent again once an hour at most. */
export const RESEND_INTERVAL_MS = 60 * 60 * 1000;

export type InvitationSettings = {
  /** AUTH_SECRET: Auth.js hashes verification tokens with it. */
  secret: string;
  /** AUTH_URL's origin: the link never depends on the request's Host. */
  origin: string;
  /** In development the mail log (the outbox) keeps the link; elsewhere it is masked. */
  development: boolean;
};

const tooSoon = (seconds: number) =>
  new AppError(
    429,
    "invitation_too_soon",
    "Une invitation a été envoyée il y a moins d'une heure à cette personne. Réessayez plus tard.",
    { headers: { "retry-after": String(Math.max(1, seconds)) } },
  );

/**
 * Sends the membership's invitation: a new sign-in link valid 7 days (the previous one, if any, is
 * revoked in the same batch), its audit event, then the mail. `resent` is limited to once an hour
 * per membership (429 with Retry-After), also between concurrent requests: the batch commits only
 * if the invitation is still the one read.
 */
export async function sendInvitation(
  services: Services,
  settings: InvitationSettings,
  actor: Actor,
  inviter: { name: string | null; email: string },
  departmentCode: string,
  member: Member,
  mode: "sent" | "resent",
): Promise<void> {
  const { db, clock } = services;
  const now = clock.now();
  const existing = await findInvitation(db, departmentCode, member.membershipId);
  if (mode === "resent" && existing) {
    const wait = Date.parse(existing.sentAt) + RESEND_INTERVAL_MS - now.getTime();
    if (wait > 0) throw tooSoon(Math.ceil(wait / 1000));
  }
  const link = await createInvitationLink(settings, member.email, now);
  const row = {
    membershipId: member.membershipId,
    email: member.email,
    tokenHash: link.tokenHash,
    invitedByUserId: actorUserId(actor),
    sentAt: now.toISOString(),
    expiresAt: link.expires.toISOString(),
  };
  const sends = (existing?.sends ?? 0) + 1;
  try {
    await guardedBatch(
      db,
      existing
        ? replaceInvitation(db, departmentCode, existing.sentAt, row)
        : insertInvitation(db, departmentCode, row),
      [
        ...(existing ? [deleteVerificationToken(db, existing.tokenHash)] : []),
        insertVerificationToken(db, link),
        auditEvent(services, actor, {
          departmentCode,
          action: `invitation.${mode}`,
          entityType: "membership",
          entityId: member.membershipId,
          after: { email: member.email, expiresAt: row.expiresAt, sends },
        }),
      ],
    );
  } catch (error) {
    // Another request sent a link for this membership in between: that one stands.
    if (error instanceof StaleWrite) throw tooSoon(RESEND_INTERVAL_MS / 1000);
    throw error;
  }

  const [department] = await db
    .select({ name: departments.name })
    .from(departments)
    .where(eq(departments.code, departmentCode));
  const mail = invitationMail({
    to: member.email,
    inviter: inviter.name ? `${inviter.name} (${inviter.email})` : inviter.email,
    departmentName: department?.name ?? departmentCode,
    departmentCode,
    organisationName: member.organisationName,
    url: link.url,
    expires: link.expires,
    origin: settings.origin,
    sends,
    membershipId: member.membershipId,
  });
  try {
    await services.mailer.send({ ...mail, logText: settings.development ? undefined : mail.logText });
  } catch (error) {
    // The link exists and the list offers to send it again: the addition itself stands.
    console.error(
      JSON.stringify({
        level: "error",
        message: "invitation not sent",
        membershipId: member.membershipId,
        error: String(error),
      }),
    );
  }
}
