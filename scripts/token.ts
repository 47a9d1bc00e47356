// Creates an API token for a user of the LOCAL database (the one `npm start` uses), e.g.
//   npm run token -- --email prefecture-62@maillage.test [--membership <id>] [--days 90] [--name "…"]
// The token is printed once, alone on the last line; only its SHA-256 is stored (same rules as
// functions/tokens/domain.ts: "mlg_" + 32 random bytes in base64url, 8-character display prefix).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { base64url, newId, sha256Hex } from "../functions/platform/ids.ts";

const root = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");

function fail(message: string): never {
  console.error(`Erreur : ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    membership: { type: "string" },
    days: { type: "string", default: "90" },
    name: { type: "string", default: "Jeton créé en ligne de commande" },
  },
});
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^\s@'"]+@[^\s@'"]+$/.test(email)) {
  fail("indiquez l'adresse d'un utilisateur : npm run token -- --email prefecture-62@maillage.test");
}
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 365) fail("--days doit être un nombre entier de 1 à 365.");
if (values.membership !== undefined && !/^[0-9a-f-]{36}$/i.test(values.membership)) {
  fail("--membership attend l'identifiant d'un rattachement (uuid).");
}

/** A SQL string literal (wrangler d1 execute takes no bound parameters). */
const q = (value: string | null) => (value === null ? "null" : `'${value.replaceAll("'", "''")}'`);

function d1<T>(sql: string): T[] {
  let out: string;
  try {
    out = execFileSync(wrangler, ["d1", "execute", "DB", "--local", "--json", "--command", sql], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    fail(`la base locale ne répond pas : lancez d'abord npm start.\n${stdout}${stderr}`.trim());
  }
  const parsed = JSON.parse(out) as { results: T[] }[];
  return parsed.flatMap((r) => r.results ?? []);
}

type UserRow = { id: string; email: string };
type MembershipRow = {
  id: string;
  role: string;
  department_code: string | null;
  organisation_name: string | null;
};

const [user] = d1<UserRow>(`select id, email from users where lower(email) = ${q(email)}`);
if (!user)
  fail(
    `aucun utilisateur ${email} dans la base locale : lancez d'abord npm start (qui crée les comptes de démonstration).`,
  );

const memberships = d1<MembershipRow>(
  `select m.id, m.role, m.department_code, o.name as organisation_name from memberships m
   left join organisations o on o.id = m.organisation_id
   where m.user_id = ${q(user.id)} and m.revoked_at is null order by m.created_at, m.id`,
);
const membership = values.membership ? memberships.find((m) => m.id === values.membership) : memberships[0];
if (!membership) {
  const list = memberships.map((m) => `  ${m.id}  ${m.role} ${m.department_code ?? "national"}`).join("\n");
  fail(
    values.membership
      ? `${values.membership} n'est pas un rattachement actif de ${email}. Rattachements :\n${list}`
      : `${email} n'a aucun rattachement actif.`,
  );
}

const now = new Date();
const secret = `mlg_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
const id = newId(now.getTime());
const createdAt = now.toISOString();
const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
const prefix = secret.slice(0, 8);
const after = JSON.stringify({
  id,
  name: values.name,
  prefix,
  membershipId: membership.id,
  createdAt,
  expiresAt,
});

d1(
  `insert into api_tokens (id, user_id, membership_id, name, token_hash, prefix, created_at, expires_at)
   values (${q(id)}, ${q(user.id)}, ${q(membership.id)}, ${q(values.name ?? "")}, ${q(await sha256Hex(secret))}, ${q(prefix)}, ${q(createdAt)}, ${q(expiresAt)});
   insert into audit_events (department_code, id, at, actor_user_id, membership_id, action, entity_type, entity_id, after, request_id)
   values (${q(membership.department_code)}, ${q(newId())}, ${q(createdAt)}, ${q(user.id)}, ${q(membership.id)}, 'api_token.created', 'api_token', ${q(id)}, ${q(after)}, 'cli:scripts/token.ts');`,
);

const where = membership.department_code
  ? `${membership.role} du ${membership.department_code}${membership.organisation_name ? ` (${membership.organisation_name})` : ""}`
  : membership.role;
console.log(`Jeton d'API pour ${user.email}, rattachement ${membership.id} (${where}).`);
console.log(
  `Valable jusqu'au ${expiresAt}. Il n'est affiché qu'une fois ; révocable depuis l'interface (Mes jetons).`,
);
console.log(`Exemple : curl -H "Authorization: Bearer <jeton>" http://localhost:8787/api/v1/me`);
console.log(secret);
