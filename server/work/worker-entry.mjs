// Entry of a geometry worker thread: TypeScript through tsx (as `npm start` runs the server),
// then the tasks. Kept as plain JavaScript so it starts the same under tsx and under vitest.
import { register } from 'tsx/esm/api';

register();
await import('./worker-tasks.ts');
