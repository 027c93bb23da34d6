/**
 * The name of a results folder's performance summary, apart from its schema (./summary.ts, which loads zod and
 * builds the schema when imported): the runner names the file at start-up and loads the summary code only when
 * it writes one (src/runner/summaryAhead.ts).
 */
export const SUMMARY_FILE = 'summary.json';
