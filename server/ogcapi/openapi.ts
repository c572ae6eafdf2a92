/** The OpenAPI 3.0 description of one city's OGC API – Features service (QGIS, GDAL and OWSLib read parameters, limits and media types here). */
import { CRS_LIST, CRS84 } from './crs.ts';
import { LIMIT_DEFAULT, LIMIT_MAX } from './items-query.ts';

export function openApiDocument(base: string, cityName: string, collectionIds: string[]) {
  const obj = { type: 'object' };
  const html = { 'text/html': { schema: { type: 'string' } } };
  const json = { description: 'JSON or HTML', content: { 'application/json': { schema: obj }, ...html } };
  const schemaJson = { description: 'JSON Schema or HTML', content: { 'application/schema+json': { schema: obj }, ...html } };
  const features = { description: 'GeoJSON (or the same as application/json) or HTML', headers: { 'Content-Crs': { schema: { type: 'string' } } }, content: { 'application/geo+json': { schema: obj }, 'application/json': { schema: obj }, ...html } };
  const exception = (d: string) => ({ description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } } });
  const errors = { '400': exception('A malformed or unknown parameter'), '406': exception('No offered media type is acceptable') };
  const nf = { '404': exception('No such city, collection or feature') };
  const ref = (n: string) => ({ $ref: `#/components/parameters/${n}` });
  const f = ref('f');
  return {
    openapi: '3.0.3',
    info: { title: `${cityName} — OGC API – Features`, version: '2.0.0', description: 'Layers of the development strategy (one geometry type per collection), the districts, the town boundary and residents\' proposals. Parts 1 (Core), 2 (CRS by reference) and 3 (CQL2 text filters).' },
    servers: [{ url: base }],
    paths: {
      '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', parameters: [f], responses: { '200': json, ...errors } } },
      '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', parameters: [f], responses: { '200': json, ...errors } } },
      '/api': { get: { summary: 'This document', operationId: 'getApi', parameters: [f], responses: { '200': { description: 'OpenAPI 3.0', content: { 'application/vnd.oai.openapi+json;version=3.0': { schema: obj } } }, ...errors } } },
      '/collections': { get: { summary: 'Collections', operationId: 'getCollections', parameters: [f], responses: { '200': json, ...errors } } },
      '/collections/{collectionId}': {
        get: { summary: 'A collection', operationId: 'describeCollection', parameters: [ref('collectionId'), f], responses: { '200': json, ...errors, ...nf } },
      },
      '/collections/{collectionId}/queryables': {
        get: { summary: 'What a filter may name', operationId: 'getQueryables', parameters: [ref('collectionId'), f], responses: { '200': schemaJson, ...errors, ...nf } },
      },
      '/collections/{collectionId}/schema': {
        get: { summary: 'Every property of the features, typed', operationId: 'getSchema', parameters: [ref('collectionId'), f], responses: { '200': schemaJson, ...errors, ...nf } },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection',
          operationId: 'getFeatures',
          parameters: [ref('collectionId'), ref('bbox'), ref('bbox-crs'), ref('limit'), ref('offset'), ref('datetime'), ref('crs'), ref('filter'), ref('filter-lang'), ref('filter-crs'), f],
          responses: { '200': features, ...errors, ...nf },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          operationId: 'getFeature',
          parameters: [ref('collectionId'), { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, ref('crs'), f],
          responses: { '200': features, ...errors, ...nf },
        },
      },
    },
    components: {
      parameters: {
        collectionId: { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
        limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: LIMIT_MAX, default: LIMIT_DEFAULT } },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        bbox: { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
        'bbox-crs': { name: 'bbox-crs', in: 'query', required: false, schema: { type: 'string', format: 'uri', enum: CRS_LIST, default: CRS84 } },
        crs: { name: 'crs', in: 'query', required: false, schema: { type: 'string', format: 'uri', enum: CRS_LIST, default: CRS84 } },
        datetime: { name: 'datetime', in: 'query', required: false, description: 'RFC 3339 instant or interval (start/end, ".." open); filters proposals by createdAt and progress-updates by asOf; undertakings: their state at the end of the interval; ignored by collections without time.', schema: { type: 'string' } },
        filter: { name: 'filter', in: 'query', required: false, description: 'CQL2 text: comparisons, AND/OR/NOT, LIKE, IN, BETWEEN, IS NULL, S_INTERSECTS(geometry, <WKT or BBOX>) over the collection\'s queryables.', schema: { type: 'string' } },
        'filter-lang': { name: 'filter-lang', in: 'query', required: false, description: 'cql-text is the draft name of cql2-text, accepted for older clients.', schema: { type: 'string', enum: ['cql2-text', 'cql-text'], default: 'cql2-text' } },
        'filter-crs': { name: 'filter-crs', in: 'query', required: false, schema: { type: 'string', format: 'uri', enum: CRS_LIST, default: CRS84 } },
        f: { name: 'f', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'geojson', 'html'] } },
      },
      schemas: { exception: { type: 'object', required: ['code'], properties: { code: { type: 'string' }, description: { type: 'string' }, detail: { type: 'object' } } } },
    },
  };
}
