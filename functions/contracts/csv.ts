import { type ContractStatus, contractStatusLabels, councilLabels } from "../../shared/contracts";
import type { Db } from "../platform/db";
import { type Caller, listContractsFor } from "./service";

/** At most this many contracts in one export (a département has far fewer). */
const MAX_ROWS = 5000;

/** A cell for Excel FR: quoted when needed; a leading = + - @ is neutralised (formula injection). */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The contracts the caller sees, with the list's filters, as CSV (UTF-8 with BOM, ";", CRLF). */
export async function contractsCsv(
  db: Db,
  departmentCode: string,
  caller: Caller,
  filters: { status?: ContractStatus; carrier?: string; commune?: string; endingBefore?: string },
): Promise<Uint8Array> {
  const header = [
    "id",
    "intitulé",
    "porteur",
    "instance",
    "statut",
    "signé le",
    "début",
    "fin",
    "résilié le",
    "signataires",
    "signatures",
    "communes",
    "population couverte",
  ];
  const lines = [header.join(";")];
  let after: string | undefined;
  for (let n = 0; n < MAX_ROWS; ) {
    const rows = await listContractsFor(db, departmentCode, caller, { ...filters, limit: 200, after });
    for (const r of rows.slice(0, 200)) {
      lines.push(
        [
          r.id,
          r.title,
          r.carrier.name,
          councilLabels[r.council].split(" ")[0] ?? r.council,
          contractStatusLabels[r.status],
          r.signedOn,
          r.startsOn,
          r.endsOn,
          r.terminatedOn,
          r.signatories,
          r.signed,
          r.communes,
          r.population,
        ]
          .map(csvCell)
          .join(";"),
      );
    }
    n += Math.min(rows.length, 200);
    if (rows.length <= 200) break;
    after = rows[199]?.id;
  }
  return new TextEncoder().encode(`\ufeff${lines.join("\r\n")}\r\n`);
}
