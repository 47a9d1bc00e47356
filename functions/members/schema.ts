import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../shared/roles";
import { users } from "../auth/schema";

/** user × département × organisation × role. National memberships have no département. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    departmentCode: text("department_code"),
    organisationId: text("organisation_id"),
    role: text("role", { enum: ROLES }).notNull(),
    /**
     * A prefecture membership may carry the validator right (four eyes): with two or more
     * validators in the département, the one who submitted a report cannot validate it.
     */
    validator: integer("validator", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [
    index("memberships_department").on(t.departmentCode, t.role),
    uniqueIndex("memberships_unique").on(t.userId, t.departmentCode, t.organisationId, t.role),
    index("memberships_user").on(t.userId),
  ],
);

/**
 * API tokens for machine clients: only the SHA-256 of the secret is stored. A token acts with the
 * rights of one membership and is revoked with it (in the batch that revokes the membership), so
 * its table lives here: members/ never imports tokens/, tokens/ (creation, listing) imports this.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    membershipId: text("membership_id").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_tokens_user").on(t.userId)],
);

/**
 * The invitation of a membership: its current sign-in link, as the SHA-256 that Auth.js keeps in
 * `verification_tokens` (so that sending a new one deletes the old one), who sent it and when.
 * One row per membership: re-sending replaces the link and counts the sends.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    departmentCode: text("department_code").notNull(),
    membershipId: text("membership_id")
      .primaryKey()
      .references(() => memberships.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedByUserId: text("invited_by_user_id"),
    sentAt: text("sent_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    sends: integer("sends").notNull().default(1),
  },
  (t) => [index("invitations_department").on(t.departmentCode)],
);
