/** Logger categories with a meaning of their own beyond their level. */

/** A run's final summary: printed at every log level, since it is the run's outcome. */
export const SUMMARY_CATEGORY = ["telemetra", "summary"] as const;
