/** Typed wrappers for the progress API (state on a date, indicators, changes, recording an update). */
import type { Geometry } from 'geojson';
import type { FollowsResponse, IndicatorsResponse, ProgressChangesResponse, ProgressStateResponse, ProgressStatus, PublicProgressUpdate } from '../../server/progress/progress-types.ts';
import type { ImportedGeometry } from '../../server/progress/import-geometry.ts';
import { request } from './client.ts';

const enc = encodeURIComponent;

export interface ProgressInputBody {
  asOf: string;
  status: ProgressStatus;
  values: Record<string, number>;
  note: string;
  geometry: Geometry | null;
  corrects?: string | null;
}

export const progressApi = {
  state: (city: string, at: string, signal?: AbortSignal) => request<ProgressStateResponse>(`/api/cities/${enc(city)}/progress?at=${enc(at)}`, { signal }),
  indicators: (city: string, at: string, signal?: AbortSignal) => request<IndicatorsResponse>(`/api/cities/${enc(city)}/indicators?at=${enc(at)}`, { signal }),
  changes: (city: string, since?: string, signal?: AbortSignal) => request<ProgressChangesResponse>(`/api/cities/${enc(city)}/progress/changes${since ? `?since=${enc(since)}` : ''}`, { signal }),
  record: (city: string, id: string, body: ProgressInputBody, headers: Record<string, string>) =>
    request<{ update: PublicProgressUpdate }>(`/api/cities/${enc(city)}/undertakings/${enc(id)}/progress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  /** The geometry of work done read from a file (nothing is written); `from` for a file in a grid that states none. */
  importGeometry: (city: string, file: Blob, name: string, from: string | null, headers: Record<string, string>) =>
    request<ImportedGeometry>(`/api/cities/${enc(city)}/progress/geometry?name=${enc(name.slice(0, 200))}${from ? `&from=${enc(from)}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: file,
    }),
  reportCsvUrl: (city: string, year: number) => `/api/cities/${enc(city)}/reports/${year}.csv`,
  reportPdfUrl: (city: string, year: number) => `/api/cities/${enc(city)}/reports/${year}.pdf`,
};

/** Following undertakings (a signed-in resident or staff account; their own follows only). */
export const followApi = {
  list: (city: string, headers: Record<string, string>) => request<FollowsResponse>(`/api/cities/${enc(city)}/follows`, { headers }),
  set: (city: string, id: string, on: boolean, headers: Record<string, string>) =>
    request<{ undertaking: string; following: boolean }>(`/api/cities/${enc(city)}/undertakings/${enc(id)}/follow`, { method: on ? 'PUT' : 'DELETE', headers }),
  seen: (city: string, headers: Record<string, string>) => request<{ seenAt: string }>(`/api/cities/${enc(city)}/follows/seen`, { method: 'POST', headers }),
};
