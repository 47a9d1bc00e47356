import type { ComponentType } from "react";

/**
 * Sections other capabilities add to the profile page (the notification preferences come with the
 * reminders): one line each, `{ id, load: () => import("../reminders/…").then((m) => m.Section) }`.
 * The section renders its own h2. An empty list renders nothing.
 */
export type ProfileSection = { id: string; load: () => Promise<ComponentType> };

export const profileSections: ProfileSection[] = [
  {
    id: "notification-preferences",
    load: () => import("../reminders/NotificationPreferences").then((m) => m.NotificationPreferences),
  },
  {
    id: "calendar-feeds",
    load: () => import("../governance/CalendarFeedsSection").then((m) => m.CalendarFeedsSection),
  },
];
