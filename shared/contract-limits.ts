/**
 * 10 Mo: the largest contract document accepted. Its own module without zod: app.ts reads it
 * before any route, and a zod schema created before @hono/zod-openapi is loaded lacks `.openapi`.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
