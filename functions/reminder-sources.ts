import { contractsReminderSource } from "./contracts/reminders";
import type { ReminderSource } from "./platform/reminders";
import { reportsReminderSource } from "./reports/reminders";

/**
 * Every capability's reminder source (platform/reminders.ts). A new one = a `reminders.ts` in the
 * capability's folder and one line here. Governance (`governance_no_plenary`,
 * `governance_actions_overdue`) and conventions (`convention_awaiting_signature`) are added here
 * when those capabilities export theirs.
 */
export const reminderSources: readonly ReminderSource[] = [reportsReminderSource, contractsReminderSource];
