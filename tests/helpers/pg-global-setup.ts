/**
 * vitest globalSetup of the "postgres" project: one throwaway cluster for the run; each test
 * file makes its own database in it (tests/helpers/test-store.ts), so files run in parallel.
 */
import type { TestProject } from 'vitest/node';
import { startCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startCluster();
  project.provide('pgAdminUrl', cluster.adminUrl);
  return () => cluster.destroy();
}
