import { contractsDashboard } from "./contracts/dashboard";
import { conventionsDashboard } from "./conventions/dashboard";
import { governanceDashboard } from "./governance/dashboard";
import { dashboardRegistry } from "./platform/dashboard";
import { remindersDashboard } from "./reminders/dashboard";
import { reportsDashboard } from "./reports/dashboard";

/**
 * Every capability's section of the département's dashboard (platform/dashboard.ts). A new one = a
 * `dashboard.ts` in the capability's folder, its shape in shared/dashboard.ts and one line here.
 */
export const dashboardSections = dashboardRegistry([
  reportsDashboard,
  governanceDashboard,
  contractsDashboard,
  conventionsDashboard,
  remindersDashboard,
]);
