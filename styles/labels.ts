/**
 * Label text for the style, computed once when a layer is loaded (MapLibre expressions
 * cannot search the `figures` array or format numbers the Polish way reliably).
 */
import type { FeatureCollection, Geometry } from 'geojson';

const kmFormat = new Intl.NumberFormat('pl-PL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Polish number with a comma decimal separator.
 * @example formatNumberPl(4.55, 2) // "4,55"
 */
export function formatNumberPl(value: number, fractionDigits = 2): string {
  if (fractionDigits === 2) return kmFormat.format(value);
  return new Intl.NumberFormat('pl-PL', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
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
