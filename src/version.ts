/** Reported in the JSON report and the user-agent; bumped with each release. */
export const VERSION = '0.1.0';
