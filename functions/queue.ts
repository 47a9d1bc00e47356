import { derived } from "./derived-providers";
import { reminderSources } from "./reminder-sources";
import { reminderQueueHandler } from "./reminders/jobs";
import type { ReminderMessage } from "./reminders/service";

/** The Worker's `queue` handler: reminder emails (and their dead-letter queue). */
const handle = reminderQueueHandler({ derived, reminderSources });

export const queue: ExportedHandlerQueueHandler<Env> = (batch, env) =>
  handle(batch as MessageBatch<ReminderMessage>, env);
