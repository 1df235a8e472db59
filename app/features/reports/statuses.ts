// Reports list learners by the enrolment status; the rule and its order live with enrolments.
export { LEARNER_STATUSES, type LearnerStatus } from "~/features/enrolment/statuses";
