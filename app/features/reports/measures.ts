// What the country map can be coloured by, and which of them are shares (0–1, shown as percentages).
// Shared by the server and the page, so it is not in a .server module.
export const MAP_MEASURES = ["completionRate", "passRate", "averageScore", "enrolled", "learners", "activeShare", "overdueShare", "certificatesValid"] as const;
export type MapMeasure = (typeof MAP_MEASURES)[number];
export const SHARE_MEASURES: readonly MapMeasure[] = ["completionRate", "passRate", "activeShare", "overdueShare"];
