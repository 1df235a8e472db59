// What the country map can be coloured by, which of them are shares (0–1, shown as percentages),
// and the certificate states the learner list narrows to.
// Shared by the server and the page, so it is not in a .server module.
export const MAP_MEASURES = ["completionRate", "passRate", "averageScore", "enrolled", "learners", "activeShare", "overdueShare", "certificatesValid"] as const;
export type MapMeasure = (typeof MAP_MEASURES)[number];
export const SHARE_MEASURES: readonly MapMeasure[] = ["completionRate", "passRate", "activeShare", "overdueShare"];

/** Valid: held and not expired (those expiring soon included); expiring: within 90 days; expired. */
export const CERTIFICATE_FILTERS = ["valid", "expiring", "expired"] as const;
export type CertificateFilter = (typeof CERTIFICATE_FILTERS)[number];
