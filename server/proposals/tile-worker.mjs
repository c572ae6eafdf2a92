// Entry of the tile worker thread: TypeScript through tsx (as `npm start` runs the server), then
// only the tile drawing (a quick start: the geometry worker's entry loads imports and PDF fonts).
import { register } from 'tsx/esm/api';

register();
await import('./tile-tasks.ts');
