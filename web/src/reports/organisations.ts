import { useEffect, useState } from "react";
import type { Organisation } from "../../../shared/organisation";
import type { Page } from "../api";
import { api } from "../api";

/** Pages read at most per list: a département has a few hundred organisations, not thousands. */
const MAX_PAGES = 10;

async function namesOf(code: string, archived: boolean, signal: AbortSignal, into: Map<string, string>) {
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api.get<Page<Organisation>>(
      `/departments/${code}/organisations`,
      { limit: 200, cursor, archived: archived ? "true" : undefined },
      signal,
    );
    for (const o of page.items) into.set(o.id, o.name);
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * The names of the département's organisations (archived ones too: an indicator may still be
 * given to one), loaded once per report. Empty while loading or when the list is refused.
 */
export function useOrganisationNames(code: string): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    const found = new Map<string, string>();
    Promise.all([
      namesOf(code, false, controller.signal, found),
      namesOf(code, true, controller.signal, found),
    ])
      .then(() => {
        if (!controller.signal.aborted) setNames(found);
      })
      .catch(() => {
        if (!controller.signal.aborted && found.size) setNames(found);
      });
    return () => controller.abort();
  }, [code]);
  return names;
}
