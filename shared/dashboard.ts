import { z } from "zod";
import { CONVENTION_PARTIES } from "./conventions";
import { MEETING_KINDS } from "./governance";
import { REMINDER_KINDS, REMINDER_STATUSES } from "./reminders";
import { REPORT_STATUSES } from "./reports";

/**
 * The département's dashboard (`GET /departments/{code}/dashboard`): what must be done now. One
 * section per capability, each built by that capability's provider (functions/<capability>/dashboard.ts).
 * The prefecture and national users see the whole département (`scope: "department"`); a member
 * sees their own organisations' part only (`scope: "organisation"`).
 */

/** Days before an open action's due date it shows on the dashboard. */
export const ACTIONS_DUE_WITHIN_DAYS = 14;
/** Days before a contract's end it shows on the dashboard. */
export const CONTRACTS_ENDING_WITHIN_DAYS = 90;
/** Most recent reminders shown. */
export const LAST_REMINDERS = 5;

const Ref = z.object({ id: z.string(), name: z.string() });

export const DashboardOrganisationProgressSchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    assigned: z.number().int(),
    answered: z.number().int(),
    /** The organisation said « J'ai terminé ». */
    done: z.boolean(),
    remindedAt: z.string().nullable(),
  })
  .meta({ id: "DashboardOrganisationProgress" });

export const DashboardReportSchema = z
  .object({
    /** The quarter whose report is being entered (the last quarter that ended). */
    period: z.string(),
    status: z.enum(REPORT_STATUSES),
    opensOn: z.string(),
    dueDate: z.string(),
    memberEntryUntil: z.string().nullable(),
    /** The caller's deadline: the members' window for a member when set, else the due date. */
    deadline: z.string(),
    /** Still a draft after its due date. */
    overdue: z.boolean(),
    /** Typed indicators answered ÷ expected (shared/completeness.ts), in the caller's scope. */
    completeness: z.number().nullable(),
    /** Per organisation asked indicators (a member: their own organisations only). */
    organisations: z.array(DashboardOrganisationProgressSchema),
    /** The page to act on. */
    link: z.string(),
  })
  .meta({ id: "DashboardReport" });

export const DashboardActionSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    owner: Ref,
    dueOn: z.string(),
    /** Past its due date. */
    overdue: z.boolean(),
    link: z.string(),
  })
  .meta({ id: "DashboardAction" });

export const DashboardGovernanceSchema = z
  .object({
    /** The quarter in progress. */
    period: z.string(),
    bodyDesignated: z.boolean(),
    /** No plenary meeting held in the quarter yet. */
    flagged: z.boolean(),
    plenaryMeetings: z.number().int(),
    nextMeeting: z
      .object({
        id: z.string(),
        kind: z.enum(MEETING_KINDS),
        groupName: z.string().nullable(),
        /** Paris wall-clock time, `2026-11-12T14:00`. */
        startsAt: z.string(),
        location: z.string(),
      })
      .nullable(),
    /** Open follow-up actions past their due date or due within 14 days (a member: owned by their organisations). */
    actionsDue: z.array(DashboardActionSchema),
    link: z.string(),
  })
  .meta({ id: "DashboardGovernance" });

export const DashboardContractsSchema = z
  .object({
    /** In force, ending within 90 days. */
    endingSoon: z.array(
      z.object({ id: z.string(), title: z.string(), carrier: Ref, endsOn: z.string(), link: z.string() }),
    ),
    /** Drafts with signatures missing (a member: their organisations' signatures). */
    awaitingSignature: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        /** The organisations that have not signed yet. */
        missing: z.array(Ref),
        link: z.string(),
      }),
    ),
    link: z.string(),
  })
  .meta({ id: "DashboardContracts" });

export const DashboardConventionsSchema = z
  .object({
    awaitingSignature: z.array(
      z.object({
        id: z.string(),
        host: Ref,
        sending: Ref,
        trainee: z.string(),
        /** Whose turn it is to sign. */
        party: z.enum(CONVENTION_PARTIES),
        /** The organisation or person who must sign now. */
        awaitingWho: z.string(),
        awaitingSince: z.string(),
        link: z.string(),
      }),
    ),
    link: z.string(),
  })
  .meta({ id: "DashboardConventions" });

export const DashboardRemindersSchema = z
  .object({
    /** The most recent reminders (a member: those sent to them). */
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(REMINDER_KINDS),
        title: z.string(),
        recipient: z.string(),
        status: z.enum(REMINDER_STATUSES),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
        /** The page the reminder asks to act on. */
        link: z.string(),
      }),
    ),
    /** The full log (prefecture and national users only), else null. */
    link: z.string().nullable(),
  })
  .meta({ id: "DashboardReminders" });

export const DashboardSectionsSchema = z.object({
  reports: DashboardReportSchema,
  governance: DashboardGovernanceSchema,
  contracts: DashboardContractsSchema,
  conventions: DashboardConventionsSchema,
  reminders: DashboardRemindersSchema,
});
export type DashboardSections = z.infer<typeof DashboardSectionsSchema>;
export type DashboardSectionKey = keyof DashboardSections;
export const DASHBOARD_SECTION_KEYS = Object.keys(DashboardSectionsSchema.shape) as DashboardSectionKey[];

export const DashboardSchema = z
  .object({
    departmentCode: z.string(),
    /** The French calendar day the dashboard is computed for. */
    today: z.string(),
    scope: z.enum(["department", "organisation"]),
    /** A member's organisations (empty for the département scope). */
    organisationIds: z.array(z.string()),
    sections: DashboardSectionsSchema,
  })
  .meta({ id: "Dashboard" });
export type Dashboard = z.infer<typeof DashboardSchema>;
