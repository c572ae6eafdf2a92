import { defineConfig } from 'vitest/config';

// Four projects: in-process tests (units, packs, API through app.request), tests of the real
// server process (SIGKILL durability, GDAL as an OGC API client), the PostgreSQL store's run
// (below), and browser tests (the built
// viewer served by the real server, in Debian's Chromium). `npm test` runs the browser tests
// last, alone, so software WebGL does not compete with the other projects for the two cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/import/**/*.test.ts'],
          environment: 'node',
          // Geometry runs in worker threads; loading the real packs and importing files is quick
          // when idle but many times longer on a shared 2-core machine. A timeout only catches a hang.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'process',
          include: ['tests/process/**/*.test.ts'],
          exclude: ['tests/process/pg-*.test.ts'],
          environment: 'node',
          // Hooks start real servers and import QGIS's Python: over a minute on a starved machine.
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
      {
        // The attacks of issue 19 replayed against the real server process (tests/abuse/).
        test: {
          name: 'abuse',
          include: ['tests/abuse/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // The same behaviour on PostgreSQL + PostGIS: the Store contract (both stores), the
        // proposals API, every town, the SIGKILL test, two servers on one database, outages.
        // globalSetup starts a throwaway cluster on loopback (tests/helpers/pg-cluster.ts).
        test: {
          name: 'postgres',
          include: [
            'tests/store/**/*.test.ts',
            'tests/api/proposals.test.ts',
            'tests/api/every-city.test.ts',
            'tests/api/district-border.test.ts',
            'tests/api/proposal-tiles.test.ts',
            'tests/api/ogc-parts.test.ts',
            'tests/import/two-servers.test.ts',
            'tests/api/progress.test.ts',
            'tests/process/durability.test.ts',
            'tests/process/pg-*.test.ts',
          ],
          environment: 'node',
          env: { TEST_STORE: 'postgres' },
          globalSetup: ['tests/helpers/pg-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Software WebGL on a shared 2-core machine can be many times slower than idle; these
          // bounds only turn a hang into a failure (the tests wait for events, not for time).
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
