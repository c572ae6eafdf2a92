/**
 * Label text for the style, computed once when a layer is loaded (MapLibre expressions
 * cannot search the `figures` array or format numbers the Polish way reliably).
 */
import type { FeatureCollection, Geometry } from 'geojson';

/** The UI locales numbers are formatted for. */
export type NumberLocale = 'pl' | 'en';

const NUMBER_TAGS: Record<NumberLocale, string> = { pl: 'pl-PL', en: 'en-GB' };
const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number with a fixed number of decimals, the way the locale writes it. Polish: decimal
 * comma, a non-breaking space between thousands (from 10 000 on, as Polish style has it);
 * English: decimal point, comma between thousands.
 * @example formatNumber(12345.5, 2, 'pl') // "12 345,50" (U+00A0)
 * @example formatNumber(12345.5, 2, 'en') // "12,345.50"
 */
export function formatNumber(value: number, fractionDigits = 2, locale: NumberLocale = 'pl'): string {
  const key = `${locale}/${fractionDigits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(NUMBER_TAGS[locale], { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    formats.set(key, f);
  }
  return f.format(value);
}

/**
 * Polish number with a comma decimal separator (the map's labels, made once per layer load).
 * @example formatNumberPl(4.55, 2) // "4,55"
 */
export function formatNumberPl(value: number, fractionDigits = 2): string {
  return formatNumber(value, fractionDigits, 'pl');
}

/**
 * The label drawn along a route.
 * @example routeLabel('ul. Urzędowska', 4.55) // "ul. Urzędowska · 4,55 km"
 */
export function routeLabel(name: string, km: number | null): string {
  return km == null ? name : `${name} · ${formatNumberPl(km)} km`;
}

interface FigureLike {
  value: number;
  unit: string;
}

/** The declared length of a feature in km (the first figure whose unit is km), or null. */
export function declaredKmOf(props: { figures?: FigureLike[] } | null | undefined): number | null {
  const fig = props?.figures?.find((f) => f.unit.trim().toLowerCase() === 'km');
  return fig ? fig.value : null;
}

/**
 * Copies a collection, adding a `label` property to line features: the route's name and
 * its declared length ("ul. Urzędowska · 4,55 km"), or the measured one when none is declared.
 */
export function withRouteLabels<P extends { name?: string; figures?: FigureLike[] }>(
  fc: FeatureCollection<Geometry, P>,
  measuredKm: (featureId: string) => number | null,
): FeatureCollection<Geometry, P & { label?: string }> {
  return {
    ...fc,
    features: fc.features.map((f) => {
      const t = f.geometry?.type;
      if (t !== 'LineString' && t !== 'MultiLineString') return f;
      const km = declaredKmOf(f.properties) ?? measuredKm(String(f.id ?? ''));
      return { ...f, properties: { ...f.properties, label: routeLabel(f.properties?.name ?? '', km) } };
    }),
  };
}
