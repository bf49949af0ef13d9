/**
 * The size of the load, crash and property tests. `npm test` runs them at a size that proves
 * the same properties in seconds (every candidate once across a crash, one winner per race,
 * no 5xx for generated input); `npm run test:scale` (TEST_SCALE=full) runs the same tests at
 * the sizes the product is specified for: a 2,000-letter dispatch, 500 submissions at once,
 * 10,000 generated bodies. CI runs both.
 */
export const FULL_SCALE = process.env.TEST_SCALE === 'full';

/** `full` under `npm run test:scale`, `quick` under `npm test`. */
export const atScale = (full: number, quick: number): number => (FULL_SCALE ? full : quick);
