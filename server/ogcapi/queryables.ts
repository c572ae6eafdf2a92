/** JSON Schema of a collection's queryables (what a filter may name) or of its features (every field), with the geometry type (Part 3). */
import type { Collection } from './collection.ts';
import { GEOMETRY_QUERYABLE } from './cql2/bind.ts';

const GEOMETRY_SCHEMA: Record<string, string> = {
  Point: 'https://geojson.org/schema/Point.json',
  LineString: 'https://geojson.org/schema/LineString.json',
  Polygon: 'https://geojson.org/schema/Polygon.json',
  MultiPoint: 'https://geojson.org/schema/MultiPoint.json',
  MultiLineString: 'https://geojson.org/schema/MultiLineString.json',
  MultiPolygon: 'https://geojson.org/schema/MultiPolygon.json',
};

export function queryablesSchema(id: string, col: Collection, kind: 'queryables' | 'schema') {
  const fields = kind === 'queryables' ? col.queryables : col.fields;
  const properties: Record<string, unknown> = {
    [GEOMETRY_QUERYABLE]: { title: 'Geometry', format: `geometry-${col.geometryType.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`, $ref: GEOMETRY_SCHEMA[col.geometryType], 'x-ogc-role': 'primary-geometry' },
  };
  for (const f of fields) {
    properties[f.name] = {
      ...(f.title ? { title: f.title } : {}),
      type: f.type,
      ...(f.format ? { format: f.format } : {}),
      ...(f.enum ? { enum: f.enum } : {}),
      ...(f.name === 'id' ? { 'x-ogc-role': 'id' } : {}),
      ...(f.name === col.temporalProperty ? { 'x-ogc-role': 'primary-instant' } : {}),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    type: 'object',
    title: col.title,
    properties,
    additionalProperties: kind === 'queryables' ? false : true,
    // The draft's list form, which GDAL up to 3.7 reads to decide which -where terms to send as a filter.
    ...(kind === 'queryables' ? { queryables: fields.map((f) => ({ id: f.name, type: f.type })) } : {}),
  };
}
