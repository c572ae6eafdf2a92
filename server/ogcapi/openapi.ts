/** The OpenAPI 3.0 description of one city's OGC API – Features service (QGIS and GDAL read limit's default and maximum here). */
import { LIMIT_DEFAULT, LIMIT_MAX } from './items-query.ts';

export function openApiDocument(base: string, cityName: string, collectionIds: string[]) {
  const json = { description: 'JSON', content: { 'application/json': { schema: { type: 'object' } } } };
  const geojson = { description: 'GeoJSON', content: { 'application/geo+json': { schema: { type: 'object' } } } };
  const exception = { description: 'Exception', content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } } };
  const f = { $ref: '#/components/parameters/f' };
  return {
    openapi: '3.0.3',
    info: { title: `${cityName} — OGC API – Features`, version: '1.0.0', description: 'Layers of the development strategy, the districts, the town boundary and residents\' proposals.' },
    servers: [{ url: base }],
    paths: {
      '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', parameters: [f], responses: { '200': json } } },
      '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', parameters: [f], responses: { '200': json } } },
      '/api': { get: { summary: 'This document', operationId: 'getApi', parameters: [f], responses: { '200': json } } },
      '/collections': { get: { summary: 'Collections', operationId: 'getCollections', parameters: [f], responses: { '200': json } } },
      '/collections/{collectionId}': {
        get: { summary: 'A collection', operationId: 'describeCollection', parameters: [{ $ref: '#/components/parameters/collectionId' }, f], responses: { '200': json, '404': exception } },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection',
          operationId: 'getFeatures',
          parameters: [{ $ref: '#/components/parameters/collectionId' }, { $ref: '#/components/parameters/bbox' }, { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/offset' }, f],
          responses: { '200': geojson, '400': exception, '404': exception },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          operationId: 'getFeature',
          parameters: [{ $ref: '#/components/parameters/collectionId' }, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, f],
          responses: { '200': geojson, '404': exception },
        },
      },
    },
    components: {
      parameters: {
        collectionId: { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } },
        limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: LIMIT_MAX, default: LIMIT_DEFAULT } },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        bbox: { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
        f: { name: 'f', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'geojson'] } },
      },
      schemas: { exception: { type: 'object', required: ['code'], properties: { code: { type: 'string' }, description: { type: 'string' } } } },
    },
  };
}
