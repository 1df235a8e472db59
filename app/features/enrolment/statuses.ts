// A learner's status in a course, in the order reports list them (the most urgent first). Shared
// by the server and the pages, so it is not in a .server module. The rule that computes it is
// `learnerStatusSql` in ./repository.server.ts, the only definition.
export const LEARNER_STATUSES = ["overdue", "withdrawn", "in_progress", "not_started", "completed"] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];
