/** Row mapping of the LayerStore part, shared by both stores. */
import type { ImportedLayer, PendingImport } from './store.ts';

export interface PendingImportRow {
  id: string;
  city: string;
  layer: string;
  mode: string;
  name: string;
  features: string;
  refused: number;
  created_at: string;
  expires_at: string;
}

export function toPendingImport(r: PendingImportRow): PendingImport {
  return {
    id: r.id,
    city: r.city,
    layer: r.layer,
    mode: r.mode === 'append' ? 'append' : 'replace',
    name: r.name,
    features: JSON.parse(r.features) as unknown[],
    refused: Number(r.refused),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

export function toImportedLayer(r: { city: string; layer: string; version: number | string; imported_at: string }): ImportedLayer {
  return { city: r.city, layer: r.layer, version: Number(r.version), importedAt: r.imported_at };
}

/**
 * Which waiting uploads to drop so that one more of `incoming` features fits the caps: the
 * oldest first (rows come oldest first, already without the expired ones).
 */
export function pendingToDrop(rows: { id: string; feature_count: number | string }[], incoming: number, caps: { maxPending: number; maxFeatures: number }): string[] {
  let held = rows.reduce((n, r) => n + Number(r.feature_count), 0);
  let left = rows.length;
  const drop: string[] = [];
  for (const r of rows) {
    if (left < caps.maxPending && held + incoming <= caps.maxFeatures) break;
    drop.push(r.id);
    held -= Number(r.feature_count);
    left--;
  }
  return drop;
}
