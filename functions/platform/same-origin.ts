/** Same-origin check from Sec-Fetch-Site or Origin; a browser always sends one of them on a write. */
export function sameOrigin(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = req.headers.get("origin");
  return origin !== null && origin === new URL(req.url).origin;
}
