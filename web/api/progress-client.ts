/** Typed wrappers for the progress API (state on a date, indicators, changes, recording an update). */
import type { Geometry } from 'geojson';
import type { IndicatorsResponse, ProgressChangesResponse, ProgressStateResponse, ProgressStatus, PublicProgressUpdate } from '../../server/progress/progress-types.ts';
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
  reportCsvUrl: (city: string, year: number) => `/api/cities/${enc(city)}/reports/${year}.csv`,
  reportPdfUrl: (city: string, year: number) => `/api/cities/${enc(city)}/reports/${year}.pdf`,
};
