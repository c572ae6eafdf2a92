import { describe, expect, it } from 'vitest';
import { MARKER_IMAGE_PREFIX, markerImageOf } from '../../web/map/proposal-symbols.ts';
import { PROPOSAL_STATUSES, SITE_SHAPES } from '../../web/state/proposal-kinds.ts';

describe('site marker image ids (drawn when a symbol first asks for them)', () => {
  it('name every shape and status the proposals layer asks for', () => {
    for (const shape of SITE_SHAPES) for (const status of PROPOSAL_STATUSES) expect(markerImageOf(`${MARKER_IMAGE_PREFIX}${shape}-${status}`)).toEqual({ shape, status });
  });

  it('leave other images to whoever owns them', () => {
    for (const id of ['kp-site-circle-proposed', 'kp-site-square-lost', 'kp-site-square', 'basemap-icon', 'kp-site-square-proposed-x', '']) expect(markerImageOf(id), id).toBeNull();
  });
});
