import { defineConfig } from 'vitest/config';

// Three projects: in-process tests (units, packs, API through app.request), tests of the real
// server process (SIGKILL durability, GDAL as an OGC API client), and browser tests (the built
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
        },
      },
      {
        test: {
          name: 'process',
          include: ['tests/process/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
