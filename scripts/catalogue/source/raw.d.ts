// Vite's `?raw` imports (used by the catalogue tests to read the committed source data).
declare module "*?raw" {
  const text: string;
  export default text;
}
