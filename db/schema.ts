// The one DB interface for Kysely, shared by SQLite and PostgreSQL.
// Portable conventions: text ids (no auto-increment), timestamps as ISO-8601 UTC text,
// booleans as integer 0/1 — the same values come back from both engines.
import type { Generated } from "kysely";

export type Role = "learner" | "sum_operator" | "trainer" | "coordinator" | "admin";
export const ROLES: readonly Role[] = ["learner", "sum_operator", "trainer", "coordinator", "admin"];

export type OrganisationKind = "ministry" | "agency" | "aimag_governor_office" | "sum_governor_office" | "district_governor_office" | "other";
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  "ministry",
  "agency",
  "aimag_governor_office",
  "sum_governor_office",
  "district_governor_office",
  "other",
];

export interface AimagTable {
  code: string; // ISO 3166-2:MN, e.g. MN-069; MN-1 is Ulaanbaatar
  name_mn: string;
  name_en: string;
  sort_order: number;
}

export interface SumTable {
  id: string;
  aimag_code: string;
  kind: "sum" | "district";
  name_mn: string;
  name_en: string;
  is_center: number;
  sort_order: number;
}

export interface OrganisationTable {
  id: string;
  name_mn: string;
  name_en: string;
  kind: OrganisationKind;
  aimag_code: string | null;
  sum_id: string | null;
  archived: Generated<number>;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string; // stored lower-cased
  surname: string; // овог (patronymic / family name)
  given_name: string; // нэр
  position: string;
  organisation_id: string;
  aimag_code: string;
  sum_id: string;
  password_hash: string;
  locale: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  /** Optional; lets a trainer find a walk-in by the number they give. Digits only, as typed without spaces. */
  phone: string | null;
  /** The last lesson done or attempt started or handed in (kept by triggers). */
  last_active_at: Generated<string | null>;
}

export interface UserRoleTable {
  user_id: string;
  role: Role;
  /** Only for coordinators: the one aimag they may see. */
  aimag_code: string | null;
  granted_at: string;
  granted_by: string | null;
}

export interface SessionTable {
  id: string; // hex SHA-256 of the token; the token itself is never stored
  user_id: string;
  expires_at: string;
  created_at: string;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: string | null; // JSON
  created_at: string;
}

export interface EnrolmentTable {
  id: string;
  user_id: string;
  course_slug: string;
  status: "active" | "withdrawn";
  enrolled_at: string;
  enrolled_by: string | null;
  due_at: string | null;
  aimag_code: string;
  sum_id: string;
  organisation_id: string;
  completed_at: string | null;
  withdrawn_at: string | null;
  // Facts about the enrolment kept by triggers from lessons, attempts and certificates (db/report-facts.ts).
  lessons_done: Generated<number>;
  exam_attempts: Generated<number>;
  exam_best: number | null;
  exam_passed_at: string | null;
  certificate_issued_at: string | null;
  certificate_expires_at: string | null;
  /** Attempts at the course's exam granted beyond its attempt limit (migration 0009). */
  extra_attempts: Generated<number>;
  /** Minutes added to each exam attempt's time limit, e.g. for an accessibility need (migration 0009). */
  exam_extra_minutes: Generated<number>;
  /** The course version whose changes the learner has seen (0017): set on enrolling, and when they read the note. */
  version_seen: string | null;
}

export interface LessonProgressTable {
  user_id: string;
  course_slug: string;
  lesson_slug: string;
  completed_at: string;
}

export type AttemptStatus = "in_progress" | "submitted" | "graded";

export interface QuizAttemptTable {
  id: string;
  user_id: string;
  course_slug: string;
  quiz_slug: string;
  kind: "exam" | "practice";
  attempt_no: number;
  status: AttemptStatus;
  language: string;
  questions: string;
  started_at: string;
  deadline_at: string | null;
  submitted_at: string | null;
  graded_at: string | null;
  auto_submitted: number;
  score: number | null;
  max_score: number | null;
  percent: number | null;
  passed: number | null;
  grades: string | null;
  /** JSON array of the ids of questions the learner flagged for review (0013). */
  flagged: Generated<string>;
  /** The course's version when the attempt started (0017); its questions are kept in `questions`. */
  course_version: string | null;
}

export interface AttemptAnswerTable {
  attempt_id: string;
  question_id: string;
  response: string;
  saved_at: string;
}

export interface CertificateTable {
  id: string;
  serial: string;
  code: string;
  status_index: number;
  user_id: string;
  course_slug: string;
  course_version: string;
  course_title_mn: string;
  course_title_en: string;
  hours: number;
  learner_name: string;
  learner_surname: string;
  aimag_code: string;
  aimag_mn: string;
  aimag_en: string;
  organisation_mn: string;
  organisation_en: string;
  issued_at: string;
  expires_at: string | null;
  issued_by: string | null;
  offline_reason: string | null;
  renewed_from: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  revoked_by: string | null;
}

export interface CounterTable {
  name: string;
  value: number;
}

export interface PasswordResetTable {
  id: string; // hex SHA-256 of the token
  user_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
}

/** An e-mail waiting to be sent, being sent, sent or given up on (decision 031). */
export interface OutboxMessageTable {
  id: string;
  kind: string;
  user_id: string | null;
  to_address: string;
  language: string;
  subject: string;
  body_text: string;
  body_html: string;
  dedupe_key: string | null;
  created_at: string;
  /** Not to be tried before this time (a retry's back-off). */
  available_at: string;
  attempts: Generated<number>;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  sent_at: string | null;
  failed_at: string | null;
}

/** Something that happened for a person, shown under the header's bell (decision 032). */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  /** JSON: what the text needs; the text is written in the reader's language when shown. */
  params: string;
  link: string;
  /** One notification per key, ever: a scheduled reminder found twice is written once. */
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

/** A person's choice of whether a topic's notifications also come by e-mail (no row: the default). */
export interface NotificationPreferenceTable {
  user_id: string;
  topic: string;
  email: number;
}

/** A scheduled job's lease and last run (decision 032). */
export interface JobRunTable {
  name: string;
  holder: string | null;
  lease_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
}

/** Login throttling: one row per account, IP address or known device (see decision 010). */
export interface LoginThrottleTable {
  key: string;
  attempts: number;
  first_at: string;
  last_at: string;
  not_before: string | null;
}

/** A browser that has signed in to an account before: its attempts do not spend the account's budget. */
export interface LoginDeviceTable {
  id: string; // hex SHA-256 of the cookie's token; with user_id the key (a shared computer knows several people)
  user_id: string;
  created_at: string;
  last_used_at: string;
}

/** Who a training event is for (issue 9): the Academy's four audiences. */
export type EventAudience = "khurdan_tseg" | "sum_operator" | "request_registry" | "citizen";
export const EVENT_AUDIENCES: readonly EventAudience[] = ["khurdan_tseg", "sum_operator", "request_registry", "citizen"];
export type AttendanceMark = "present" | "late" | "absent" | "excused";
export const ATTENDANCE_MARKS: readonly AttendanceMark[] = ["present", "late", "absent", "excused"];
export type RegistrationStatus = "registered" | "waiting" | "cancelled";

export interface CampaignTable {
  id: string;
  title_mn: string;
  title_en: string;
  starts_on: string;
  ends_on: string;
  created_by: string | null;
  created_at: string;
}

export interface TrainingEventTable {
  id: string;
  campaign_id: string | null;
  title_mn: string;
  title_en: string;
  aimag_code: string;
  sum_id: string | null;
  venue: string;
  audience: string; // comma-separated EventAudience keys
  capacity: number;
  threshold_percent: number;
  status: "scheduled" | "cancelled";
  starts_at: string;
  ends_at: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventCourseTable {
  event_id: string;
  course_slug: string;
}

export interface EventTrainerTable {
  event_id: string;
  user_id: string;
}

/** A trainer an administrator assigned to a course (decision 036). */
export interface CourseTrainerTable {
  course_slug: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: string;
}

export interface EventSessionTable {
  id: string;
  event_id: string;
  starts_at: string;
  ends_at: string;
  self_check_in: number;
  check_in_secret: string;
}

export interface EventRegistrationTable {
  id: string;
  event_id: string;
  user_id: string;
  status: RegistrationStatus;
  queue_no: number;
  sheet_code: string;
  registered_at: string;
  registered_by: string | null;
  walk_in: number;
  promoted_at: string | null;
  cancelled_at: string | null;
}

export interface AttendanceTable {
  session_id: string;
  user_id: string;
  mark: AttendanceMark;
  source: "roll" | "qr" | "sheet";
  marked_by: string | null;
  marked_at: string;
  received_at: string;
  client_id: string;
}

export interface AttendanceReceiptTable {
  client_id: string;
  session_id: string;
  user_id: string;
  outcome: "applied" | "superseded";
  received_at: string;
}

export interface CreditReviewTable {
  id: string;
  user_id: string;
  course_slug: string;
  event_id: string | null;
  certificate_id: string | null;
  created_at: string;
  created_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: "kept" | "revoked" | "restored" | null;
}

/** Counts per place, course and enrolment month, kept by triggers on enrolment. */
export interface EnrolmentSummaryTable {
  aimag_code: string;
  sum_id: string;
  organisation_id: string;
  course_slug: string;
  cohort: string;
  enrolled: number;
  completed: number;
  /** Withdrawn and not completed. */
  withdrawn: number;
  /** Active and not completed. */
  ongoing: number;
  ongoing_started: number;
  started: number;
  exam_takers: number;
  exam_passed: number;
  exam_best_sum: number;
  certified: number;
}

/** The words a person is found by, lower-cased, kept by triggers on users. */
export interface UserNameTermTable {
  term: string;
  user_id: string;
}

/** Enrolments made and completions per aimag, course and day, kept by triggers on enrolment. */
export interface ActivityDailyTable {
  aimag_code: string;
  course_slug: string;
  day: string;
  enrolled: number;
  completed: number;
}

/** Open enrolments with a due date, by place, course, enrolment month and due month (UTC). */
export interface EnrolmentDueSummaryTable {
  aimag_code: string;
  sum_id: string;
  organisation_id: string;
  course_slug: string;
  cohort: string;
  due_month: string;
  open: number;
  open_started: number;
}

/** People per place where they are registered. */
export interface PeopleSummaryTable {
  aimag_code: string;
  sum_id: string;
  organisation_id: string;
  people: number;
}

/** People per place and UTC day of their last learning activity. */
export interface PeopleActiveDayTable {
  day: string;
  aimag_code: string;
  sum_id: string;
  organisation_id: string;
  people: number;
}

/** A published version of the content folder (0017, decision 038). */
export interface ContentVersionTable {
  id: string;
  published_at: string;
  published_by: string | null;
  note: string | null;
  files: number;
  bytes: number;
}

export interface ContentFileTable {
  version_id: string;
  path: string;
  /** base64 */
  body: string;
}

/** One row (id 1): the version every server serves. */
export interface ContentLiveTable {
  id: number;
  version_id: string;
  switched_at: string;
}

/** A question's definition as some attempt drew it, by its hash (0017): attempts are graded on it. */
export interface QuizQuestionVersionTable {
  hash: string;
  question: string;
  first_drawn_at: string;
}

/** Graded attempts per quiz and percent score, kept by triggers (0016, decision 035). */
export interface QuizScoreBandTable {
  course_slug: string;
  quiz_slug: string;
  percent: number;
  attempts: number;
}

/** Per quiz, question and attempt percent: attempts that drew it, fully correct, score sum (0016). */
export interface QuizQuestionStatTable {
  course_slug: string;
  quiz_slug: string;
  question_id: string;
  percent: number;
  presented: number;
  correct: number;
  score_sum: number;
}

/** Per quiz, question and option: times chosen in graded attempts (0016). */
export interface QuizOptionStatTable {
  course_slug: string;
  quiz_slug: string;
  question_id: string;
  option_id: string;
  chosen: number;
}

export interface DB {
  aimag: AimagTable;
  sum: SumTable;
  organisation: OrganisationTable;
  users: UsersTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  enrolment: EnrolmentTable;
  enrolment_summary: EnrolmentSummaryTable;
  activity_daily: ActivityDailyTable;
  enrolment_due_summary: EnrolmentDueSummaryTable;
  people_summary: PeopleSummaryTable;
  people_active_day: PeopleActiveDayTable;
  user_name_term: UserNameTermTable;
  lesson_progress: LessonProgressTable;
  quiz_attempt: QuizAttemptTable;
  attempt_answer: AttemptAnswerTable;
  quiz_score_band: QuizScoreBandTable;
  quiz_question_stat: QuizQuestionStatTable;
  quiz_option_stat: QuizOptionStatTable;
  certificate: CertificateTable;
  counter: CounterTable;
  password_reset: PasswordResetTable;
  login_throttle: LoginThrottleTable;
  login_device: LoginDeviceTable;
  campaign: CampaignTable;
  training_event: TrainingEventTable;
  event_course: EventCourseTable;
  event_trainer: EventTrainerTable;
  course_trainer: CourseTrainerTable;
  event_session: EventSessionTable;
  event_registration: EventRegistrationTable;
  attendance: AttendanceTable;
  attendance_receipt: AttendanceReceiptTable;
  credit_review: CreditReviewTable;
  outbox_message: OutboxMessageTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  job_run: JobRunTable;
  content_version: ContentVersionTable;
  content_file: ContentFileTable;
  content_live: ContentLiveTable;
  quiz_question_version: QuizQuestionVersionTable;
}
