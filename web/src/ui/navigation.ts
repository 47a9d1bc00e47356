import type { Me } from "../../../shared/me";
import type { Role } from "../../../shared/roles";

/**
 * The DSFR main navigation, as data. A capability adds its page with ONE line in
 * `departmentNavigation` (or `nationalNavigation`); the header, the site map and their tests read
 * these lists.
 */
export type DepartmentEntry = {
  text: string;
  /** Path under /departements/{code}: "" is the département's own page. */
  path: string;
  /** Who sees the entry (a national membership counts everywhere); everyone when absent. */
  roles?: Role[];
};

export const departmentNavigation: DepartmentEntry[] = [
  { text: "Tableau de bord", path: "" },
  { text: "Rapports trimestriels", path: "trimestres" },
  { text: "Organisations", path: "organisations" },
  { text: "Membres", path: "membres", roles: ["prefecture", "national"] },
  { text: "Contrats locaux", path: "contrats" },
  // National users count placements only (/api/v1/national/placements).
  { text: "Stages croisés", path: "stages", roles: ["member", "prefecture"] },
  { text: "Gouvernance", path: "gouvernance" },
];

export type NationalEntry = { text: string; to: string };

export const nationalNavigation: NationalEntry[] = [
  { text: "Vue nationale", to: "/national" },
  { text: "Départements", to: "/departements" },
];

export type NavItem = { text: string; to: string; isActive: boolean };

const isNationalUser = (me: Me) => me.memberships.some((m) => m.role === "national");

/** The département the navigation is about: the one in the address, else the user's own (first). */
export function currentDepartment(me: Me | null, pathname: string): string | null {
  const inPath = /^\/departements\/([^/]+)/.exec(pathname)?.[1];
  if (inPath) return decodeURIComponent(inPath);
  if (!me || isNationalUser(me)) return null;
  return me.memberships.find((m) => m.departmentCode)?.departmentCode ?? null;
}

/** The département a refused or unknown page sends the user back to (national users: the national view). */
export function homeOf(me: Me | null): { to: string; text: string } {
  if (!me) return { to: "/connexion", text: "Se connecter" };
  if (isNationalUser(me)) return { to: "/national", text: "Retour à la vue nationale" };
  const own = me.memberships.find((m) => m.departmentCode);
  if (!own?.departmentCode) return { to: "/", text: "Retour à l'accueil" };
  return {
    to: `/departements/${own.departmentCode}`,
    text: `Retour à mon département (${own.departmentName ?? own.departmentCode})`,
  };
}

function departmentRoles(me: Me, code: string): Role[] {
  return me.memberships.filter((m) => m.role === "national" || m.departmentCode === code).map((m) => m.role);
}

/** The header's entries for this user at this address; the longest matching path is the active one. */
export function navigationFor(me: Me | null, pathname: string): NavItem[] {
  if (!me) return [];
  const items: { text: string; to: string }[] = [];
  if (isNationalUser(me)) items.push(...nationalNavigation);
  const code = currentDepartment(me, pathname);
  if (code) {
    const roles = departmentRoles(me, code);
    for (const entry of departmentNavigation) {
      if (entry.roles && !entry.roles.some((role) => roles.includes(role))) continue;
      const to = entry.path ? `/departements/${code}/${entry.path}` : `/departements/${code}`;
      items.push({ text: entry.text, to });
    }
  }
  const matches = (to: string) => pathname === to || pathname.startsWith(`${to}/`);
  const active = items.filter((item) => matches(item.to)).sort((a, b) => b.to.length - a.to.length)[0];
  return items.map((item) => ({ ...item, isActive: item === active }));
}
