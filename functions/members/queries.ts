import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Member, MemberRole } from "../../shared/organisation";
import { users, verificationTokens } from "../auth/schema";
import { organisations } from "../organisations/schema";
import type { Db } from "../platform/db";
import { apiTokens, invitations, memberships } from "./schema";

const memberColumns = {
  membershipId: memberships.id,
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  organisationId: memberships.organisationId,
  organisationName: organisations.name,
  validator: memberships.validator,
  createdAt: memberships.createdAt,
  lastSignInAt: users.lastSignInAt,
  invitationSentAt: invitations.sentAt,
  invitationExpiresAt: invitations.expiresAt,
};

function membersQuery(db: Db, departmentCode: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      organisations,
      and(eq(organisations.id, memberships.organisationId), eq(organisations.departmentCode, departmentCode)),
    )
    .leftJoin(
      invitations,
      and(eq(invitations.membershipId, memberships.id), eq(invitations.departmentCode, departmentCode)),
    );
}

const asMember = (row: { role: string } & Omit<Member, "role">) => row as Member;

/** Active members of the département (national users, who have no département, are not listed). */
export async function listMembers(db: Db, departmentCode: string): Promise<Member[]> {
  const rows = await membersQuery(db, departmentCode)
    .where(
      and(
        eq(memberships.departmentCode, departmentCode),
        isNull(memberships.revokedAt),
        ne(memberships.role, "national"),
      ),
    )
    .orderBy(asc(users.email), asc(memberships.role), asc(memberships.id));
  return rows.map(asMember);
}

export async function findMember(db: Db, departmentCode: string, membershipId: string) {
  const [row] = await membersQuery(db, departmentCode).where(
    and(
      eq(memberships.departmentCode, departmentCode),
      eq(memberships.id, membershipId),
      isNull(memberships.revokedAt),
    ),
  );
  return row ? asMember(row) : null;
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row ?? null;
}

/** The user's membership with this role and organisation in the département, active or revoked. */
export async function findSameMembership(
  db: Db,
  departmentCode: string,
  key: { userId: string; organisationId: string | null; role: MemberRole },
) {
  const [row] = await db
    .select({ id: memberships.id, revokedAt: memberships.revokedAt })
    .from(memberships)
    .where(
      and(
        eq(memberships.departmentCode, departmentCode),
        eq(memberships.userId, key.userId),
        eq(memberships.role, key.role),
        sql`${memberships.organisationId} is ${key.organisationId}`,
      ),
    )
    .orderBy(sql`${memberships.revokedAt} is not null`);
  return row ?? null;
}

export function insertUserIfNew(db: Db, user: { id: string; email: string; name: string | null }) {
  return db.insert(users).values(user).onConflictDoNothing({ target: users.email });
}

/**
 * Inserts the membership for the user with this email, unless an active identical one exists
 * (the unique index treats NULL organisations as distinct, so it cannot catch those).
 */
export function insertMembershipFor(
  db: Db,
  departmentCode: string,
  m: {
    id: string;
    email: string;
    organisationId: string | null;
    role: MemberRole;
    createdAt: string;
  },
) {
  // Columns in the table's order: id, user_id, department_code, organisation_id, role, validator,
  // created_at, revoked_at. The validator right is granted apart (four eyes), never on creation.
  return db.insert(memberships).select(sql`
    select ${m.id}, u.id, ${departmentCode}, ${m.organisationId}, ${m.role}, 0, ${m.createdAt}, null
    from users u
    where u.email = ${m.email}
      and not exists (
        select 1 from memberships x
        where x.user_id = u.id and x.department_code = ${departmentCode}
          and x.organisation_id is ${m.organisationId} and x.role = ${m.role} and x.revoked_at is null
      )`);
}

export function reactivateMembership(db: Db, departmentCode: string, membershipId: string, now: string) {
  return db
    .update(memberships)
    .set({ revokedAt: null, createdAt: now })
    .where(
      and(
        eq(memberships.departmentCode, departmentCode),
        eq(memberships.id, membershipId),
        sql`${memberships.revokedAt} is not null`,
      ),
    );
}

export function revokeMembership(db: Db, departmentCode: string, membershipId: string, now: string) {
  return db
    .update(memberships)
    .set({ revokedAt: now })
    .where(
      and(
        eq(memberships.departmentCode, departmentCode),
        eq(memberships.id, membershipId),
        isNull(memberships.revokedAt),
      ),
    );
}

/** A revoked membership's API tokens die with it: re-adding the person later must not revive them. */
export function revokeTokensOf(db: Db, membershipId: string, now: string) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.membershipId, membershipId), isNull(apiTokens.revokedAt)));
}

export function setValidator(db: Db, departmentCode: string, membershipId: string, validator: boolean) {
  return db
    .update(memberships)
    .set({ validator })
    .where(
      and(
        eq(memberships.departmentCode, departmentCode),
        eq(memberships.id, membershipId),
        eq(memberships.role, "prefecture"),
        isNull(memberships.revokedAt),
        ne(memberships.validator, validator),
      ),
    );
}

export async function findInvitation(db: Db, departmentCode: string, membershipId: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.departmentCode, departmentCode), eq(invitations.membershipId, membershipId)));
  return row ?? null;
}

/** A first invitation for the membership; changes nothing if one exists (a concurrent send won). */
export function insertInvitation(db: Db, departmentCode: string, row: NewInvitation) {
  return db
    .insert(invitations)
    .values({ ...row, departmentCode, sends: 1 })
    .onConflictDoNothing();
}

/** Replaces the membership's link, only if the invitation is still the one read at `previousSentAt`. */
export function replaceInvitation(
  db: Db,
  departmentCode: string,
  previousSentAt: string,
  row: NewInvitation,
) {
  return db
    .update(invitations)
    .set({
      email: row.email,
      tokenHash: row.tokenHash,
      invitedByUserId: row.invitedByUserId,
      sentAt: row.sentAt,
      expiresAt: row.expiresAt,
      sends: sql`${invitations.sends} + 1`,
    })
    .where(
      and(
        eq(invitations.departmentCode, departmentCode),
        eq(invitations.membershipId, row.membershipId),
        eq(invitations.sentAt, previousSentAt),
      ),
    );
}

type NewInvitation = {
  membershipId: string;
  email: string;
  tokenHash: string;
  invitedByUserId: string | null;
  sentAt: string;
  expiresAt: string;
};

/** A revoked membership's invitation link stops working (a used one is already gone). */
export function revokeInvitationLinkOf(db: Db, departmentCode: string, membershipId: string) {
  return db.delete(verificationTokens).where(
    inArray(
      verificationTokens.token,
      db
        .select({ token: invitations.tokenHash })
        .from(invitations)
        .where(
          and(eq(invitations.departmentCode, departmentCode), eq(invitations.membershipId, membershipId)),
        ),
    ),
  );
}
