import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import type { Me } from "../../shared/me";
import type { Role } from "../../shared/roles";
import { ApiError, api } from "./api";

type Session = { me: Me | null; loading: boolean; error: unknown; refresh: () => Promise<void> };

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ me: Me | null; loading: boolean; error: unknown }>({
    me: null,
    loading: true,
    error: null,
  });
  const refresh = useCallback(async () => {
    try {
      const me = await api.get<Me>("/me");
      setState({ me, loading: false, error: null });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        setState({ me: null, loading: false, error: null });
      else setState({ me: null, loading: false, error });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <SessionContext value={{ ...state, refresh }}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** The roles a user holds in a département; a national membership counts everywhere. */
export function rolesIn(me: Me | null, departmentCode: string): Role[] {
  if (!me) return [];
  const roles = me.memberships
    .filter((m) => m.role === "national" || m.departmentCode === departmentCode)
    .map((m) => m.role);
  return [...new Set(roles)];
}

export const roleLabels: Record<Role, string> = {
  national: "Administration centrale",
  prefecture: "Préfecture",
  member: "Membre",
};

/** Who may create and edit organisations: the prefecture of that département only. */
export const canManageOrganisations = (roles: Role[]) => roles.includes("prefecture");
/** Who may add and revoke members: the prefecture, or national staff. */
export const canManageMembers = (roles: Role[]) => roles.includes("prefecture") || roles.includes("national");
