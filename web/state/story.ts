/**
 * The story slice: the open chapter while presenting (1-based; null in the normal viewer; the
 * URL carries it) and the viewer's camera before the story started, restored when it ends.
 */
import type { MapView } from './url-codec.ts';

export interface StoryState {
  chapter: number | null;
  /** The year whose report to the council is presented (a generated story); null: the strategy's own story. */
  council: number | null;
  viewBefore: MapView | null;
}

export const initialStory = (): StoryState => ({ chapter: null, council: null, viewBefore: null });
