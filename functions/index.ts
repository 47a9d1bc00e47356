import { createApp } from "./app";
import { scheduled } from "./scheduled";

const { app } = createApp();

/**
 * The Worker's handlers. `scheduled` and `queue` join `fetch` here: each builds its services
 * with `createServices(env, …)` (platform/services.ts) and acts as a system actor.
 * This module may export only handlers and types (workerd refuses any other value).
 */
export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
