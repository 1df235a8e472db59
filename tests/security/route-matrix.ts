// Who may do what, route by route: the expected answer of every loader (GET) and action (POST) to
// every role, asking about records that belong to someone else. Deny by default: a role a cell does
// not list is expected to be refused — sent to log in when anonymous, `refused` (403 unless the route
// must not reveal that the record exists) when signed in. A route module without an action answers
// 405 to every POST. Decision 015 says how to add a route.
import { ORGANISATION_KINDS, ROLES, type DB } from "../../db/schema";
import { createEvent, register } from "~/features/events/events.server";
import { BASE } from "../helpers";
import { AIMAG_A, AIMAG_B, BLENDED, COURSE, EXAM, freshEnrolmentInA, openExamAttempt, resetLinkFor, ROLE_KEYS, type Fixtures, type RoleKey } from "./fixtures";

/**
 * A status, "login" (302 to /login?redirectTo=<this URL>), or "→/path" (302 to exactly that path,
 * query ignored) / "→/path*" (302 to a location starting with /path).
 */
export type Outcome = number | "login" | `→${string}`;
export type Cells = Partial<Record<RoleKey, Outcome>>;

export interface FuzzSpec {
  /**
   * Roles that may use the action for some input; the fuzzer picks one per run. Every other role the
   * action's cells refuse must be refused whatever the form says.
   */
  roles: RoleKey[];
  /** The form's field names. */
  fields: string[];
  /**
   * The tables the action may write. On a refusal their rows must be unchanged (hashed); every other
   * table's row count is checked too.
   */
  writes: (keyof DB)[];
  /** Values that get past the first checks (an existing id, a real intent), mixed in with the hostile ones. */
  values?: (f: Fixtures) => Record<string, string[]>;
  /**
   * URL and params for the fuzz when they differ from the matrix cell's, e.g. a record of the fuzzing
   * role's own, made just before the fuzzing starts.
   */
  target?: (f: Fixtures) => Promise<{ url: string; params: Record<string, string> }>;
}

export interface MatrixEntry {
  url: (f: Fixtures) => string;
  params?: (f: Fixtures) => Record<string, string>;
  loader: Cells;
  action: null | { form: (f: Fixtures) => Record<string, string | string[]>; allow: Cells; fuzz: FuzzSpec };
  refused?: 403 | 404;
}

const SIGNED_IN = ROLE_KEYS.filter((r) => r !== "anonymous");
const cells = (roles: readonly RoleKey[], outcome: Outcome): Cells => Object.fromEntries(roles.map((r) => [r, outcome]));
const everyone = (outcome: Outcome) => cells(ROLE_KEYS, outcome);
const signedIn = (outcome: Outcome) => cells(SIGNED_IN, outcome);
const only = (outcome: Outcome, ...roles: RoleKey[]) => cells(roles, outcome);
/** Anonymous visitors only; a signed-in user is sent home. */
const anonymousOnly = (outcome: Outcome): Cells => ({ anonymous: outcome, ...signedIn("→/") });

const placement = (f: Fixtures) => ({ position: "Мэргэжилтэн", aimagCode: f.otherA.aimagCode, sumId: f.otherA.sumId, organisationId: f.otherA.organisationId });
const UNKNOWN_TOKEN = "a".repeat(32);

export const ROUTE_MATRIX: Record<string, MatrixEntry> = {
  "_index.tsx": { url: () => "/", loader: everyone(200), action: null },

  "admin._index.tsx": { url: () => "/admin", loader: only(200, "coordinatorA", "coordinatorB", "admin"), action: null },

  "admin.audit.tsx": { url: () => "/admin/audit", loader: only(200, "admin"), action: null },

  "admin.enrolments_.template[.]xlsx.ts": {
    url: () => "/admin/enrolments/template.xlsx",
    loader: only(200, "coordinatorA", "coordinatorB", "admin"),
    action: null,
  },

  "admin.certificates.tsx": {
    url: (f) => `/admin/certificates?q=${f.certificateOfOtherA.serial}`,
    loader: only(200, "admin"),
    action: {
      form: (f) => ({ intent: "revoke", id: f.certificateOfOtherB.id, reason: "Буруу олгосон" }),
      allow: only("→/admin/certificates", "admin"),
      fuzz: {
        roles: ["admin"],
        writes: ["certificate", "counter", "audit_log"],
        fields: ["intent", "id", "reason", "email", "course"],
        values: (f) => ({
          intent: ["revoke", "offline"],
          id: [f.certificateOfOtherA.id],
          email: [f.otherA.email, f.otherB.email],
          course: [COURSE, "draft-course"],
        }),
      },
    },
  },

  "admin.enrolments.tsx": {
    url: () => `/admin/enrolments?course=${COURSE}`,
    loader: only(200, "coordinatorA", "coordinatorB", "admin"),
    action: {
      // a coordinator of aimag B asks about aimag A's people
      form: () => ({ intent: "filter-preview", course: COURSE, aimag: AIMAG_A }),
      allow: only(200, "coordinatorA", "admin"),
      fuzz: {
        roles: ["admin", "coordinatorA", "coordinatorB"],
        writes: ["enrolment", "audit_log"],
        fields: ["intent", "course", "email", "due", "csvText", "rows", "file", "aimag", "sum", "organisation", "role", "userId", "q"],
        values: (f) => ({
          intent: ["individual", "csv-preview", "csv-confirm", "filter-preview", "filter-confirm", "pick"],
          course: [COURSE, "draft-course"],
          email: [f.otherA.email, f.otherB.email],
          due: ["2030-01-31", "31.01.2030"],
          csvText: [`email,due\n${f.otherA.email},2030-01-31\n${f.otherB.email},\n`],
          rows: [
            JSON.stringify([
              { line: 2, email: f.otherA.email, due: "31.01.2030" },
              { line: 3, email: f.otherB.email, due: "" },
            ]),
          ],
          userId: [f.otherA.id, f.otherB.id],
          aimag: [AIMAG_A, AIMAG_B],
          sum: [f.otherA.sumId, f.sumOfAimagB],
          organisation: [f.otherA.organisationId],
          role: [...ROLES],
        }),
      },
    },
  },

  // a course's trainers: administrators only; otherA has no role trainer, so adding them is refused with a message
  "admin.courses.$course.trainers.tsx": {
    url: () => `/admin/courses/${COURSE}/trainers`,
    params: () => ({ course: COURSE }),
    loader: only(200, "admin"),
    action: {
      form: (f) => ({ intent: "add", email: f.otherA.email }),
      allow: only(400, "admin"),
      fuzz: {
        roles: ["admin"],
        writes: ["course_trainer", "audit_log"],
        fields: ["intent", "email", "userId"],
        values: (f) => ({ intent: ["add", "remove"], email: [f.users.trainer.email, f.otherA.email], userId: [f.users.trainer.id, f.otherA.id] }),
      },
    },
  },

  "admin.organisations.tsx": {
    url: () => `/admin/organisations?aimag=${AIMAG_A}`,
    loader: only(200, "admin"),
    action: {
      form: () => ({ intent: "add", nameMn: "Матрицын байгууллага", nameEn: "Matrix organisation", kind: "agency", aimagCode: AIMAG_A }),
      allow: only("→/admin/organisations", "admin"),
      fuzz: {
        roles: ["admin"],
        writes: ["organisation", "audit_log"],
        fields: ["intent", "id", "nameMn", "nameEn", "kind", "aimagCode"],
        values: (f) => ({
          intent: ["add", "save", "archive", "unarchive"],
          id: [f.otherA.organisationId],
          kind: [...ORGANISATION_KINDS],
          aimagCode: [AIMAG_A, AIMAG_B],
        }),
      },
    },
  },

  "admin.reports._index.tsx": { url: () => `/admin/reports?aimag=${AIMAG_A}`, loader: only(200, "coordinatorA", "admin"), action: null },

  "admin.reports.export.ts": { url: () => `/admin/reports/export?view=learners&aimag=${AIMAG_A}`, loader: only(200, "coordinatorA", "admin"), action: null },

  "admin.reports.learners.tsx": { url: () => `/admin/reports/learners?aimag=${AIMAG_A}`, loader: only(200, "coordinatorA", "admin"), action: null },

  // trainers read the funnel of the courses they train (counts only): the fixtures' trainer runs an event of COURSE
  "admin.reports.funnel.tsx": {
    url: () => `/admin/reports/funnel?aimag=${AIMAG_A}&course=${COURSE}`,
    loader: only(200, "trainer", "coordinatorA", "admin"),
    action: null,
  },

  "admin.sums.tsx": {
    url: () => `/admin/sums?aimag=${AIMAG_B}`,
    loader: only(200, "admin"),
    action: {
      form: (f) => ({ intent: "rename", sumId: f.sumOfAimagB, nameMn: "Матрицсум", nameEn: "Matrixsum" }),
      allow: only("→/admin/sums", "admin"),
      fuzz: {
        roles: ["admin"],
        writes: ["sum", "audit_log"],
        fields: ["intent", "aimagCode", "nameMn", "nameEn", "sumId"],
        values: (f) => ({ intent: ["add", "rename"], aimagCode: [AIMAG_A, AIMAG_B], sumId: [f.sumOfAimagB, f.otherA.sumId] }),
      },
    },
  },

  "admin.users.$userId.tsx": {
    url: (f) => `/admin/users/${f.otherA.id}`,
    params: (f) => ({ userId: f.otherA.id }),
    loader: only(200, "coordinatorA", "admin"),
    action: {
      form: () => ({ intent: "reset-link" }),
      allow: only(200, "coordinatorA", "admin"),
      fuzz: {
        roles: ["admin", "coordinatorA", "coordinatorB"],
        writes: ["users", "user_role", "session", "password_reset", "audit_log"],
        fields: ["intent", "roles", "coordinatorAimag"],
        values: () => ({ intent: ["roles", "disable", "enable", "reset-link"], roles: [...ROLES], coordinatorAimag: [AIMAG_A, AIMAG_B] }),
      },
    },
  },

  "admin.users._index.tsx": { url: () => `/admin/users?aimag=${AIMAG_A}`, loader: only(200, "coordinatorA", "admin"), action: null },

  // another learner's certificate: only its holder and administrators; the rest learn nothing
  "certificates.$id.pdf.ts": {
    url: (f) => `/certificates/${f.certificateOfOtherA.id}/pdf`,
    params: (f) => ({ id: f.certificateOfOtherA.id }),
    loader: only(200, "admin"),
    action: null,
    refused: 404,
  },

  "certificates._index.tsx": { url: () => "/certificates", loader: signedIn(200), action: null },

  "content.$course.$.ts": {
    url: () => `/content/${COURSE}/images/dot.svg`,
    params: () => ({ course: COURSE, "*": "images/dot.svg" }),
    loader: everyone(200),
    action: null,
  },

  "courses.$course.$lesson.tsx": {
    url: () => `/courses/${COURSE}/first`,
    params: () => ({ course: COURSE, lesson: "first" }),
    loader: everyone(200),
    action: {
      form: () => ({ intent: "done" }),
      allow: signedIn(`→/courses/${COURSE}/second`),
      fuzz: {
        roles: ["learner"],
        writes: ["enrolment", "lesson_progress", "certificate", "counter"],
        fields: ["intent"],
        values: () => ({ intent: ["done", "undo"] }),
      },
    },
  },

  "courses.$course._index.tsx": {
    url: () => `/courses/${COURSE}`,
    params: () => ({ course: COURSE }),
    loader: everyone(200),
    action: {
      form: () => ({ intent: "enrol" }),
      allow: signedIn(`→/courses/${COURSE}`),
      fuzz: { roles: ["learner", "trainer"], writes: ["enrolment"], fields: ["intent"], values: () => ({ intent: ["enrol", "unenrol"] }) },
    },
  },

  "courses.$course.quizzes.$quiz._index.tsx": {
    url: () => `/courses/${COURSE}/quizzes/${EXAM}`,
    params: () => ({ course: COURSE, quiz: EXAM }),
    loader: signedIn(200),
    action: {
      form: () => ({ intent: "start" }),
      // to the attempt, or back to the quiz page when not enrolled
      allow: signedIn(`→/courses/${COURSE}/quizzes/${EXAM}*`),
      fuzz: { roles: ["learner"], writes: ["quiz_attempt"], fields: ["intent"], values: () => ({ intent: ["start"] }) },
    },
  },

  // another learner's attempt: no one else may read or change it, administrators included
  "courses.$course.quizzes.$quiz.attempts.$attempt.tsx": {
    url: (f) => `/courses/${COURSE}/quizzes/${EXAM}/attempts/${f.attemptOfOtherA}`,
    params: (f) => ({ course: COURSE, quiz: EXAM, attempt: f.attemptOfOtherA }),
    loader: {},
    action: {
      form: () => ({ intent: "save", "q.capital": "b" }),
      allow: {},
      fuzz: {
        roles: ["learner"],
        writes: ["quiz_attempt", "attempt_answer", "enrolment", "certificate", "counter"],
        fields: ["intent", "page", "q.capital", "q.safe-habits", "q.aimags-tf", "q.point-name", "q.services", "q.steps.a", "q.steps.b", "q.steps.c"],
        values: () => ({
          intent: ["autosave", "save", "goto:2", "goto:x", "submit"],
          "q.capital": ["a", "b"],
          "q.safe-habits": ["a", "b", "c"],
          "q.aimags-tf": ["true", "false"],
        }),
        target: async (f) => {
          const attempt = await openExamAttempt(f.users.learner.id);
          return { url: `/courses/${COURSE}/quizzes/${EXAM}/attempts/${attempt}`, params: { course: COURSE, quiz: EXAM, attempt } };
        },
      },
    },
    refused: 404,
  },

  "courses.$course.quizzes.$quiz.stats.tsx": {
    url: () => `/courses/${COURSE}/quizzes/${EXAM}/stats`,
    params: () => ({ course: COURSE, quiz: EXAM }),
    loader: only(200, "trainer", "admin"),
    action: null,
  },

  "courses.$course.quizzes.$quiz.stats.export.ts": {
    url: () => `/courses/${COURSE}/quizzes/${EXAM}/stats/export?table=attempts&format=csv`,
    params: () => ({ course: COURSE, quiz: EXAM }),
    loader: only(200, "trainer", "admin"),
    action: null,
  },

  // the preview with the answer key: the course's trainers (the role trainer runs an event of COURSE) and administrators
  "courses.$course.preview._index.tsx": {
    url: () => `/courses/${COURSE}/preview`,
    params: () => ({ course: COURSE }),
    loader: only(200, "trainer", "admin"),
    action: null,
  },

  "courses.$course.preview.quizzes.$quiz.tsx": {
    url: () => `/courses/${COURSE}/preview/quizzes/${EXAM}?both=1`,
    params: () => ({ course: COURSE, quiz: EXAM }),
    loader: only(200, "trainer", "admin"),
    action: null,
  },

  "courses._index.tsx": { url: () => "/courses", loader: everyone(200), action: null },

  "credentials.status.1.ts": { url: () => "/credentials/status/1", loader: everyone(200), action: null },

  "forgot-password.tsx": {
    url: () => "/forgot-password",
    loader: everyone(200),
    action: {
      // an address of its own each time: one address may ask 3 times an hour
      form: () => ({ email: `nobody-${crypto.randomUUID()}@example.mn` }),
      allow: everyone(200),
      fuzz: { roles: ["anonymous"], writes: ["password_reset", "outbox_message", "audit_log"], fields: ["email"] },
    },
  },

  "healthz.ts": { url: () => "/healthz", loader: everyone(200), action: null },

  "issuer.jwks.ts": { url: () => "/issuer/jwks", loader: everyone(200), action: null },

  "issuer.keys.$thumbprint.ts": {
    url: (f) => `/issuer/keys/${f.issuerKeyThumbprint}`,
    params: (f) => ({ thumbprint: f.issuerKeyThumbprint }),
    loader: everyone(200),
    action: null,
  },

  "issuer.ts": { url: () => "/issuer", loader: everyone(200), action: null },

  "language.tsx": { url: () => "/language?lng=en&redirectTo=%2Fcourses", loader: everyone("→/courses"), action: null },

  "login.tsx": {
    url: () => "/login",
    loader: anonymousOnly(200),
    action: {
      form: (f) => ({ email: f.otherA.email, password: "not the password", redirectTo: "/my" }),
      allow: anonymousOnly(400),
      fuzz: {
        roles: ["anonymous"],
        writes: ["session", "users"],
        fields: ["email", "password", "redirectTo"],
        // the right password now and then, so that the redirect after logging in is fuzzed too
        values: (f) => ({ email: [f.otherB.email], password: [f.otherB.password], redirectTo: ["/my", ...HOSTILE_REDIRECTS] }),
      },
    },
  },

  "logout.tsx": {
    url: () => "/logout",
    loader: everyone("→/"),
    action: { form: () => ({}), allow: everyone("→/"), fuzz: { roles: ["anonymous", "learner"], writes: ["session"], fields: ["intent"] } },
  },

  "trainer.tsx": { url: () => "/trainer", loader: only(200, "trainer"), action: null },

  "my.tsx": { url: () => "/my", loader: signedIn(200), action: null },

  "notifications.tsx": {
    url: () => "/notifications",
    loader: signedIn(200),
    action: {
      form: () => ({ intent: "read-all" }),
      allow: signedIn("→/notifications"),
      fuzz: {
        roles: ["learner"],
        writes: ["notification", "notification_preference"],
        fields: ["intent", "id", "email.assignment", "email.due", "email.certificate", "email.event", "email.digest"],
        values: () => ({ intent: ["open", "read-all", "email"], "email.due": ["on"] }),
      },
    },
  },

  "profile.tsx": {
    url: () => "/profile",
    loader: signedIn(200),
    action: {
      form: () => ({ intent: "logout-everywhere" }),
      allow: signedIn("→/login"),
      fuzz: {
        roles: ["learner"],
        writes: ["users", "session"],
        fields: [
          "intent",
          "surname",
          "givenName",
          "locale",
          "position",
          "aimagCode",
          "sumId",
          "organisationId",
          "currentPassword",
          "newPassword",
          "confirmPassword",
        ],
        values: (f) => ({
          intent: ["profile", "password", "logout-everywhere"],
          locale: ["mn", "en"],
          ...Object.fromEntries(Object.entries(placement(f)).map(([k, v]) => [k, [v]])),
          currentPassword: [f.users.learner.password],
        }),
      },
    },
  },

  "register.tsx": {
    url: () => "/register",
    loader: anonymousOnly(200),
    action: {
      form: (f) => ({
        surname: "Бат",
        givenName: "Сараа",
        email: `matrix-${crypto.randomUUID()}@example.mn`,
        password: "correct horse battery",
        ...placement(f),
      }),
      allow: anonymousOnly("→/"),
      fuzz: {
        roles: ["anonymous"],
        writes: ["users", "user_role", "session"],
        fields: ["surname", "givenName", "email", "password", "position", "aimagCode", "sumId", "organisationId"],
        values: (f) => ({ ...Object.fromEntries(Object.entries(placement(f)).map(([k, v]) => [k, [v]])), email: [f.otherA.email] }),
      },
    },
  },

  // a link nobody holds: refused to everyone
  "reset-password.$token.tsx": {
    url: () => `/reset-password/${UNKNOWN_TOKEN}`,
    params: () => ({ token: UNKNOWN_TOKEN }),
    loader: everyone(200),
    action: {
      form: () => ({ newPassword: "new password 1", confirmPassword: "new password 1" }),
      allow: everyone(410),
      fuzz: {
        roles: ["anonymous"],
        writes: ["password_reset", "users", "session"],
        fields: ["newPassword", "confirmPassword"],
        // a live link (fuzzing the administrator's user page may have cancelled the fixture's)
        target: async (f) => {
          const token = await resetLinkFor(f.otherA.id, f.users.admin.id);
          return { url: `/reset-password/${token}`, params: { token } };
        },
      },
    },
  },

  // public by design: anyone holding the code may verify the certificate
  "verify.$code.credential.ts": {
    url: (f) => `/verify/${f.certificateOfOtherA.code}/credential`,
    params: (f) => ({ code: f.certificateOfOtherA.code }),
    // the holder and administrators only (decision 012): it carries the holder's hashed address
    loader: only(200, "admin"),
    refused: 404,
    action: null,
  },
  "verify.$code.json.ts": {
    url: (f) => `/verify/${f.certificateOfOtherA.code}/json`,
    params: (f) => ({ code: f.certificateOfOtherA.code }),
    loader: everyone(200),
    action: null,
  },
  "verify.$code.tsx": {
    url: (f) => `/verify/${f.certificateOfOtherA.code}`,
    params: (f) => ({ code: f.certificateOfOtherA.code }),
    loader: everyone(200),
    action: null,
  },

  "verify._index.tsx": {
    url: () => "/verify",
    loader: everyone(200),
    action: {
      form: (f) => ({ serial: f.certificateOfOtherA.serial, surname: "Өөрийн" }),
      allow: everyone("→/verify/*"),
      fuzz: {
        roles: ["anonymous"],
        writes: ["certificate"],
        fields: ["intent", "serial", "surname", "jwt", "credential"],
        values: (f) => ({ intent: ["search", "upload"], serial: [f.certificateOfOtherA.serial], surname: ["Өөрийн"] }),
      },
    },
  },

  // ---- training events: planning and registration (issue 9)
  "events._index.tsx": { url: () => "/events", loader: everyone(200), action: null },

  "events.$eventId._index.tsx": {
    url: (f) => `/events/${f.eventOfA.id}`,
    params: (f) => ({ eventId: f.eventOfA.id }),
    loader: everyone(200),
    action: {
      form: () => ({ intent: "register" }),
      allow: signedIn("→/events/*"),
      fuzz: {
        roles: ["learner"],
        writes: ["event_registration", "enrolment", "audit_log"],
        fields: ["intent"],
        values: () => ({ intent: ["register", "cancel"] }),
        target: async (f) => {
          const id = await planEvent(f, [f.otherA.id]);
          return { url: `/events/${id}`, params: { eventId: id } };
        },
      },
    },
  },

  "events.new.tsx": {
    url: () => "/events/new",
    loader: only(200, "trainer", "coordinatorA", "coordinatorB", "admin"),
    action: {
      // a coordinator of aimag B may not plan in aimag A
      form: () => eventForm(AIMAG_A),
      allow: only("→/events/*", "trainer", "coordinatorA", "admin"),
      fuzz: {
        roles: ["admin", "trainer", "coordinatorA", "coordinatorB"],
        writes: ["training_event", "event_course", "event_trainer", "event_session", "audit_log"],
        fields: Object.keys(eventForm(AIMAG_A)),
        values: (f) => eventFormValues(f),
      },
    },
  },

  "events.$eventId.edit.tsx": {
    url: (f) => `/events/${f.eventOfA.id}/edit`,
    params: (f) => ({ eventId: f.eventOfA.id }),
    loader: only(200, "coordinatorA", "admin"),
    action: {
      // an incomplete form: those who may edit get it back with messages (400), eventOfA unchanged for the other entries
      form: () => ({ intent: "save", titleMn: "Матрицын сургалт" }),
      allow: only(400, "coordinatorA", "admin"),
      fuzz: {
        roles: ["admin", "coordinatorA", "coordinatorB", "trainer"],
        writes: ["training_event", "event_course", "event_trainer", "event_session", "event_registration", "audit_log"],
        fields: [...Object.keys(eventForm(AIMAG_A)), "sessions[0].id"],
        values: (f) => ({ ...eventFormValues(f), intent: ["save", "cancel"] }),
        // a fresh event: fuzzing may cancel it or change its sessions
        target: async (f) => {
          const id = await planEvent(f, [f.otherA.id], [f.users.trainer.id]);
          return { url: `/events/${id}/edit`, params: { eventId: id } };
        },
      },
    },
  },

  "events.$eventId.people.tsx": {
    url: (f) => `/events/${f.eventOfA.id}/people`,
    params: (f) => ({ eventId: f.eventOfA.id }),
    // a coordinator of another aimag sees (and registers) only the people of their own aimag
    loader: only(200, "coordinatorA", "coordinatorB", "admin"),
    action: {
      form: () => ({ intent: "filter-preview", aimag: AIMAG_A }),
      allow: only(200, "coordinatorA", "admin"),
      fuzz: {
        roles: ["admin", "coordinatorA", "coordinatorB"],
        writes: ["event_registration", "enrolment", "audit_log"],
        fields: ["intent", "email", "csvText", "file", "aimag", "sum", "organisation", "role", "userId"],
        values: (f) => ({
          intent: ["email", "csv", "filter-preview", "filter", "cancel"],
          email: [f.otherA.email, f.otherB.email],
          csvText: [`email,due\n${f.otherA.email},2030-01-31\n${f.otherB.email},\n`],
          aimag: [AIMAG_A, AIMAG_B],
          sum: [f.otherA.sumId, f.sumOfAimagB],
          organisation: [f.otherA.organisationId],
          role: [...ROLES],
          userId: [f.otherA.id, f.otherB.id],
        }),
        target: async (f) => {
          const id = await planEvent(f, [f.otherA.id]);
          return { url: `/events/${id}/people`, params: { eventId: id } };
        },
      },
    },
  },

  "campaigns._index.tsx": {
    url: () => "/campaigns",
    loader: everyone(200),
    action: {
      form: () => ({ intent: "create", titleMn: "Матрицын аян 2", titleEn: "Matrix campaign 2", startsOn: "2030-02-01", endsOn: "2030-03-01" }),
      allow: only("→/campaigns/*", "coordinatorA", "coordinatorB", "admin"),
      fuzz: {
        roles: ["admin", "coordinatorA"],
        writes: ["campaign", "audit_log"],
        fields: ["intent", "titleMn", "titleEn", "startsOn", "endsOn"],
        values: () => ({ intent: ["create"], startsOn: ["2030-02-01", "2030-02-30"], endsOn: ["2030-03-01", "2029-01-01"] }),
      },
    },
  },

  "campaigns.$campaignId.tsx": {
    url: (f) => `/campaigns/${f.campaignId}?month=2030-03`,
    params: (f) => ({ campaignId: f.campaignId }),
    loader: everyone(200),
    action: null,
  },
  // ---- issue 9, the roll call on a phone, walk-ins and QR self check-in: the event of aimag A is run
  // by a trainer who is none of the role users, so only aimag A's coordinator and administrators may take its roll.
  "events.$eventId_.sessions.$sessionId.tsx": {
    url: (f) => `/events/${f.eventOfA.id}/sessions/${f.eventOfA.sessionId}`,
    params: (f) => ({ eventId: f.eventOfA.id, sessionId: f.eventOfA.sessionId }),
    loader: only(200, "coordinatorA", "admin"),
    action: {
      form: (f) => ({ intent: "mark", userId: f.otherA.id, clientId: "route-matrix-mark", mark: "present" }),
      allow: only("→/events/*", "coordinatorA", "admin"),
      fuzz: {
        roles: ["coordinatorA", "admin"],
        writes: [
          "attendance",
          "attendance_receipt",
          "audit_log",
          "event_registration",
          "users",
          "user_role",
          "enrolment",
          "certificate",
          "counter",
          "credit_review",
        ],
        fields: ["intent", "userId", "clientId", "mark", "marks", "surname", "givenName", "phone", "email", "aimagCode", "sumId"],
        values: (f) => ({
          intent: ["mark", "sync", "walk-in-existing", "walk-in-new"],
          userId: [f.otherA.id, f.otherB.id],
          mark: ["present", "late", "absent", "excused"],
          marks: [JSON.stringify([{ clientId: "fuzz-1", userId: f.otherA.id, mark: "late" }]), "[]", "{}"],
          aimagCode: [AIMAG_A, AIMAG_B],
          sumId: [f.sumOfAimagB],
        }),
      },
    },
  },
  "events.$eventId_.sessions.$sessionId_.qr.tsx": {
    url: (f) => `/events/${f.eventOfA.id}/sessions/${f.eventOfA.sessionId}/qr`,
    params: (f) => ({ eventId: f.eventOfA.id, sessionId: f.eventOfA.sessionId }),
    loader: only(200, "coordinatorA", "admin"),
    action: null,
  },
  "events.$eventId_.sessions.$sessionId_.qr[.]svg.ts": {
    url: (f) => `/events/${f.eventOfA.id}/sessions/${f.eventOfA.sessionId}/qr.svg`,
    params: (f) => ({ eventId: f.eventOfA.id, sessionId: f.eventOfA.sessionId }),
    loader: only(200, "coordinatorA", "admin"),
    action: null,
  },
  "check-in.$sessionId.tsx": {
    url: (f) => `/check-in/${f.eventOfA.sessionId}?c=1.AAAAAAAAAAAAAAAA`,
    params: (f) => ({ sessionId: f.eventOfA.sessionId }),
    loader: signedIn(200),
    action: {
      // a code that was never shown: refused, nothing written
      form: () => ({ intent: "check-in", code: "1.AAAAAAAAAAAAAAAA" }),
      allow: signedIn(400),
      fuzz: {
        roles: ["learner"],
        writes: ["attendance", "attendance_receipt", "audit_log", "event_registration", "enrolment", "certificate", "counter", "credit_review"],
        fields: ["intent", "code"],
        values: () => ({ intent: ["check-in"], code: ["1.AAAAAAAAAAAAAAAA"] }),
      },
    },
  },

  // ---- in-person trainings: the paper sign-in sheet, ticking it off, credit reviews, the events report
  // (the event of aimag A is run by a trainer who is none of the role users: its coordinator and
  // administrators manage it; the role trainer, the other coordinator and learners are refused)
  "events.$eventId.sessions.$sessionId.sheet[.]pdf.ts": {
    url: (f) => `/events/${f.eventOfA.id}/sessions/${f.eventOfA.sessionId}/sheet.pdf`,
    params: (f) => ({ eventId: f.eventOfA.id, sessionId: f.eventOfA.sessionId }),
    loader: only(200, "coordinatorA", "admin"),
    action: null,
  },

  "events_.$eventId.sessions.$sessionId.sheet.tsx": {
    url: (f) => `/events/${f.eventOfA.id}/sessions/${f.eventOfA.sessionId}/sheet`,
    params: (f) => ({ eventId: f.eventOfA.id, sessionId: f.eventOfA.sessionId }),
    loader: only(200, "coordinatorA", "admin"),
    action: {
      form: (f) => ({ intent: "save", signed: f.otherA.id, [`cid.${f.otherA.id}`]: `sheet:${f.eventOfA.sessionId}:${f.otherA.id}:${crypto.randomUUID()}` }),
      allow: only("→/events/*", "coordinatorA", "admin"),
      fuzz: {
        roles: ["coordinatorA", "admin"],
        writes: ["attendance", "attendance_receipt", "event_registration", "enrolment", "certificate", "credit_review", "audit_log"],
        fields: ["intent", "signed", "overwrite"],
        values: (f) => ({ intent: ["save"], signed: [f.otherA.id, f.otherB.id], overwrite: ["on"] }),
      },
    },
  },

  "events_.$eventId.sessions.$sessionId.tick.$code.tsx": {
    url: (f) => `/events/${f.eventOfA.id}/sessions/${f.eventOfA.sessionId}/tick/${f.eventOfA.sheetCode}`,
    params: (f) => ({ eventId: f.eventOfA.id, sessionId: f.eventOfA.sessionId, code: f.eventOfA.sheetCode }),
    loader: only(200, "coordinatorA", "admin"),
    action: {
      form: () => ({ intent: "present", clientId: `tick:${crypto.randomUUID()}` }),
      allow: only("→/events/*", "coordinatorA", "admin"),
      fuzz: {
        roles: ["coordinatorA", "admin"],
        writes: ["attendance", "attendance_receipt", "event_registration", "enrolment", "certificate", "credit_review", "audit_log"],
        fields: ["intent", "clientId"],
        values: () => ({ intent: ["present"], clientId: [`tick:${crypto.randomUUID()}`] }),
      },
    },
  },

  // coordinators read their aimag's reviews; only administrators decide
  // ---- who is enrolled: a course's learners for coordinators, administrators and its trainers (the
  // role trainer runs the course's event in aimag B, so reads aimag B's learners of it)
  "admin.courses._index.tsx": { url: () => "/admin/courses", loader: only(200, "trainer", "coordinatorA", "coordinatorB", "admin"), action: null },

  "admin.courses.$course.enrolled._index.tsx": {
    url: () => `/admin/courses/${COURSE}/enrolled?status=in_progress&q=${encodeURIComponent("Өөрийн")}`,
    params: () => ({ course: COURSE }),
    loader: only(200, "trainer", "coordinatorA", "coordinatorB", "admin"),
    action: null,
  },

  // aimag A's learner: its coordinator and administrators change it; to everyone else it does not exist
  "admin.courses.$course.enrolled.$enrolmentId.tsx": {
    url: (f) => `/admin/courses/${BLENDED}/enrolled/${f.enrolmentOfOtherA}`,
    params: (f) => ({ course: BLENDED, enrolmentId: f.enrolmentOfOtherA }),
    loader: only(200, "coordinatorA", "admin"),
    refused: 404,
    action: {
      form: () => ({ intent: "due", due: `${new Date().getUTCFullYear() + 1}-06-30` }),
      allow: only(`→/admin/courses/${BLENDED}/enrolled/*`, "coordinatorA", "admin"),
      fuzz: {
        roles: ["admin", "coordinatorA", "coordinatorB", "trainer"],
        writes: ["enrolment", "audit_log"],
        fields: ["intent", "due", "minutes", "attempts", "reason"],
        values: () => ({
          intent: ["due", "minutes", "attempts", "withdraw", "reinstate"],
          due: ["2030-01-31", "2030.01.31", "2020-01-01", "2030-02-30", "2099-01-01", ""],
          minutes: ["0", "15", "240", "241", "-1", "1.5"],
          attempts: ["0", "1", "10", "11"],
          reason: ["Ажлаас чөлөөлөгдсөн", ""],
        }),
        // a learner of its own, in the course with an exam: the fuzzing withdraws and reinstates
        target: async () => {
          const id = await freshEnrolmentInA();
          return { url: `/admin/courses/${COURSE}/enrolled/${id}`, params: { course: COURSE, enrolmentId: id } };
        },
      },
    },
  },

  "admin.credit-reviews.tsx": {
    url: () => "/admin/credit-reviews",
    loader: only(200, "coordinatorA", "coordinatorB", "admin"),
    action: {
      form: (f) => ({ intent: "keep", id: f.creditReviewOfA, reason: "Ирц зөв байсан" }),
      allow: only("→/admin/credit-reviews", "admin"),
      fuzz: {
        roles: ["admin"],
        writes: ["credit_review", "certificate", "audit_log"],
        fields: ["intent", "id", "reason"],
        // "keep" only: the fuzzer must not revoke otherA's certificate, which other cells read
        values: (f) => ({ intent: ["keep"], id: [f.creditReviewOfA] }),
      },
    },
  },

  "admin.reports.events._index.tsx": { url: () => `/admin/reports/events?aimag=${AIMAG_A}`, loader: only(200, "coordinatorA", "admin"), action: null },

  "admin.reports.events.export.ts": {
    url: () => `/admin/reports/events/export?aimag=${AIMAG_A}&format=xlsx&detail=1`,
    loader: only(200, "coordinatorA", "admin"),
    action: null,
  },
};

/** A fresh event in aimag A for fuzzing (planning pages), with `people` registered. */
async function planEvent(f: Fixtures, people: string[], trainers: string[] = []): Promise<string> {
  const year = new Date().getUTCFullYear() + 1;
  const created = await createEvent(
    { id: f.users.admin.id, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Матрицын сургалт",
      titleEn: "Matrix training",
      aimagCode: AIMAG_A,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 20,
      thresholdPercent: 80,
      courses: [COURSE],
      trainers,
      sessions: [{ starts_at: `${year}-03-02T01:00:00.000Z`, ends_at: `${year}-03-02T09:00:00.000Z`, self_check_in: true }],
    },
  );
  if (!("id" in created)) throw new Error(created.problem);
  for (const person of people) await register(person, created.id);
  return created.id;
}

/** A valid event form (planning pages): one session next year in `aimag`. */
function eventForm(aimag: string): Record<string, string | string[]> {
  const year = new Date().getUTCFullYear() + 1;
  return {
    intent: "save",
    titleMn: "Матрицын сургалт",
    titleEn: "Matrix training",
    campaignId: "",
    aimagCode: aimag,
    sumId: "",
    venue: "Танхим",
    audience: ["sum_operator", "citizen"],
    capacity: "30",
    thresholdPercent: "80",
    courses: COURSE,
    trainers: [],
    "sessions[0].date": `${year}-04-01`,
    "sessions[0].start": "09:00",
    "sessions[0].end": "17:00",
    "sessions[0].selfCheckIn": "on",
    "sessions[1].date": "",
    "sessions[1].start": "",
    "sessions[1].end": "",
  };
}

function eventFormValues(f: Fixtures): Record<string, string[]> {
  return {
    intent: ["save"],
    aimagCode: [AIMAG_A, AIMAG_B],
    sumId: [f.otherA.sumId, f.sumOfAimagB],
    campaignId: [f.campaignId],
    audience: ["sum_operator", "citizen"],
    capacity: ["1", "1000", "0", "1001"],
    thresholdPercent: ["80", "100", "0"],
    courses: [COURSE, "draft-course"],
    trainers: [f.users.trainer.id, f.users.learner.id],
    "sessions[0].date": ["2031-04-01", "2031-02-30"],
    "sessions[0].start": ["09:00", "25:00"],
    "sessions[0].end": ["17:00", "08:00"],
    "sessions[0].selfCheckIn": ["on"],
  };
}

/** redirectTo values that must never lead off the site. */
export const HOSTILE_REDIRECTS = [
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  " //evil.example",
  "https://evil.example",
  "javascript:alert(1)",
  "/%2F%2Fevil.example",
  "/\\/evil.example",
  "///evil.example",
];

/** What a role not listed in a cell gets. */
export function expected(entry: MatrixEntry, cells: Cells, role: RoleKey): Outcome {
  return cells[role] ?? (role === "anonymous" ? "login" : (entry.refused ?? 403));
}

/** Whether an answer (status, Location) is the expected outcome for a request to `url`. */
export function matches(outcome: Outcome, answer: { status: number; location: string | null }, url: string): boolean {
  if (typeof outcome === "number") return answer.status === outcome;
  if (answer.status !== 302 || !answer.location) return false;
  const to = new URL(answer.location, BASE);
  if (to.origin !== BASE) return false;
  if (outcome === "login") return to.pathname === "/login" && to.searchParams.get("redirectTo") === url;
  const wanted = outcome.slice(1);
  return wanted.endsWith("*") ? `${to.pathname}${to.search}`.startsWith(wanted.slice(0, -1)) : to.pathname === wanted;
}
