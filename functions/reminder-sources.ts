import { contractsReminderSource } from "./contracts/reminders";
import { conventionsReminderSource } from "./conventions/reminders";
import { governanceReminderSource } from "./governance/reminders";
import type { ReminderSource } from "./platform/reminders";
import { reportsReminderSource } from "./reports/reminders";

/**
 * Every capability's reminder source (platform/reminders.ts). A new one = a `reminders.ts` in the
 * capability's folder and one line here.
 */
export const reminderSources: readonly ReminderSource[] = [
  reportsReminderSource,
  contractsReminderSource,
  governanceReminderSource,
  conventionsReminderSource,
];
