import { createApp } from "./app";
import { queue } from "./queue";
import { scheduled } from "./scheduled";

const { app } = createApp();

/**
 * The Worker's handlers. `scheduled` and `queue` build their services with
 * `createServices(env, …)` (platform/services.ts) and act as system actors.
 * This module may export only handlers and types (workerd refuses any other value).
 */
export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env>;
