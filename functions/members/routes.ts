import { createRouter } from "../platform/openapi";

export const membersRoutes = createRouter();
