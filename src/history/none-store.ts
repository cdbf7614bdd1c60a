import { emptySnapshot } from './snapshot.js';
import type { HistoryStore } from './types.js';

/** `history: none`: nothing is kept; every read is an empty history (thresholds count this run only). */
export const noneStore: HistoryStore = {
  describe: 'none',
  read: async () => ({ snapshot: emptySnapshot() }),
  write: async () => ({ retries: 0 }),
};
