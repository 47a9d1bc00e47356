declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

/** Vite's `?raw` imports: a file's text (the static API reference page in health.test.ts). */
declare module "*?raw" {
  const text: string;
  export default text;
}
