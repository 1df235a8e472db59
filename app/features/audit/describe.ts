// The audit log in words: one sentence per entry, in the reader's language, saying who did what to
// whom — names, course and event titles and dates resolved from what the entry recorded. Every
// action the code records has a describer (a test reads the sources to check); anything else
// still reads as words, never as JSON.
import type { TFunction } from "i18next";
import type { Language } from "~/i18n/config";
import { formatDateShort, formatDateTime, formatNumber, shortName } from "~/i18n/format";

export interface AuditEntry {
  action: string;
  actorId: string | null;
  targetType: string;
  targetId: string;
  /** The recorded detail, parsed (anything JSON can hold). */
  detail: unknown;
}

type Titles = { mn: string; en: string };

/** What an entry's ids stand for, looked up once for a page of entries. */
export interface AuditNames {
  users: Map<string, { surname: string; given_name: string }>;
  courses: Map<string, Titles>;
  events: Map<string, Titles>;
  sessions: Map<string, { eventId: string; startsAt: string }>;
  campaigns: Map<string, Titles>;
  certificates: Map<string, { serial: string; userId: string; courseSlug: string }>;
  aimags: Map<string, Titles>;
  sums: Map<string, Titles>;
  organisations: Map<string, Titles>;
}

/** The ids a page of entries refers to, by kind: what to look up for AuditNames. */
export interface AuditReferences {
  users: Set<string>;
  courses: Set<string>;
  events: Set<string>;
  sessions: Set<string>;
  campaigns: Set<string>;
  certificates: Set<string>;
  aimags: Set<string>;
  sums: Set<string>;
  organisations: Set<string>;
}

/** How many of an assignment's learners a sentence names; the rest are counted. */
export const NAMED_LEARNERS = 3;

type Detail = Record<string, unknown>;
const asDetail = (v: unknown): Detail => (v && typeof v === "object" && !Array.isArray(v) ? (v as Detail) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Keys of the report filter that only say how the page was shown, not what was taken. */
const PAGING_KEYS = new Set(["view", "format", "detail", "page", "after", "before", "measure", "lng"]);

export function emptyReferences(): AuditReferences {
  return {
    users: new Set(),
    courses: new Set(),
    events: new Set(),
    sessions: new Set(),
    campaigns: new Set(),
    certificates: new Set(),
    aimags: new Set(),
    sums: new Set(),
    organisations: new Set(),
  };
}

/** Collects what the entries name, so that one query per kind looks all of it up. */
export function auditReferences(entries: AuditEntry[]): AuditReferences {
  const r = emptyReferences();
  const add = (set: Set<string>, v: unknown) => {
    if (typeof v === "string" && v) set.add(v);
  };
  for (const e of entries) {
    const d = asDetail(e.detail);
    add(r.users, e.actorId);
    if (e.targetType === "user") add(r.users, e.targetId);
    if (e.targetType === "course") add(r.courses, e.targetId);
    if (e.targetType === "training_event") add(r.events, e.targetId);
    if (e.targetType === "campaign") add(r.campaigns, e.targetId);
    if (e.targetType === "certificate") add(r.certificates, e.targetId);
    if (e.targetType === "organisation") add(r.organisations, e.targetId);
    if (e.targetType === "sum") add(r.sums, e.targetId);
    for (const k of ["userId", "linkCreatedBy", "previousBy", "assignedBy"]) add(r.users, d[k]);
    for (const id of ids(d.userIds).slice(0, NAMED_LEARNERS)) add(r.users, id);
    for (const k of ["course", "courseSlug"]) add(r.courses, d[k]);
    add(r.events, d.eventId);
    add(r.sessions, d.sessionId);
    add(r.aimags, d.aimag);
    add(r.aimags, d.aimagCode);
    const filter = asDetail(d.filter);
    add(r.courses, filter.course);
    add(r.aimags, filter.aimag);
    add(r.sums, filter.sum);
    add(r.organisations, filter.organisation);
    add(r.campaigns, filter.campaign);
    add(r.events, filter.event);
  }
  return r;
}

interface Context {
  t: TFunction;
  lng: Language;
  names: AuditNames;
  entry: AuditEntry;
  d: Detail;
  actor: string;
  person(id: unknown): string;
  course(slug: unknown): string;
  event(id: unknown, stored?: unknown): string;
  day(iso: unknown): string;
  time(iso: unknown): string;
}

type Describer = (c: Context) => string;

const titleOf = (map: Map<string, Titles>, id: unknown, lng: Language) => (typeof id === "string" ? map.get(id)?.[lng] : undefined);

/** "Г. Дорж, Б. Сараа, Н. Бат and 9 more" — the first learners of an assignment by name, the rest counted. */
function learnerList(c: Context, userIds: string[], count: number): string {
  const named = userIds.slice(0, NAMED_LEARNERS).map((id) => c.person(id));
  const more = Math.max(0, count - named.length);
  if (!named.length) return "";
  const list = named.join(", ");
  return more ? c.t("auditText.andMore", { list, count: more, n: formatNumber(more, c.lng) }) : list;
}

const ASSIGN_CHANNELS = new Set(["individual", "search", "filter", "csv-confirm", "xlsx"]);

const assign: Describer = (c) => {
  const how = c.entry.action.slice("enrolment.assign.".length);
  const count = num(c.d.count) ?? 0;
  const due = c.d.dueVaries === true ? c.t("auditText.dueVaries") : str(c.d.dueAt) ? c.t("auditText.due", { date: c.day(c.d.dueAt) }) : "";
  const list = learnerList(c, ids(c.d.userIds), count);
  return c.t("auditText.assign", {
    actor: c.actor,
    course: c.course(c.entry.targetId),
    count,
    n: formatNumber(count, c.lng),
    via: c.t(`auditText.via.${ASSIGN_CHANNELS.has(how) ? how.replace("-confirm", "") : "other"}`),
    due: due ? ` ${due}` : "",
    list: list ? `: ${list}` : "",
  });
};

/** Entries about one learner's enrolment: who, which course. */
const learnerAndCourse = (c: Context) => ({ actor: c.actor, learner: c.person(c.d.userId), course: c.course(c.d.courseSlug ?? c.d.course) });

const withdraw: Describer = (c) => {
  const self = c.entry.actorId !== null && c.entry.actorId === c.d.userId && c.entry.action === "enrolment.withdraw";
  const reason = str(c.d.reason);
  return c.t(self ? "auditText.withdrawSelf" : "auditText.withdrawByStaff", learnerAndCourse(c)) + (reason ? ` ${c.t("auditText.reason", { reason })}` : "");
};

const dueChanged: Describer = (c) => {
  const from = str(c.d.from);
  const to = str(c.d.to);
  const key = to ? (from ? "auditText.dueChanged" : "auditText.dueSet") : "auditText.dueRemoved";
  return c.t(key, { ...learnerAndCourse(c), from: from ? c.day(from) : "", to: to ? c.day(to) : "" });
};

const extraTime: Describer = (c) => {
  const minutes = num(c.d.minutes) ?? num(c.d.to) ?? 0;
  return minutes > 0
    ? c.t("auditText.extraTime", { ...learnerAndCourse(c), count: minutes, n: formatNumber(minutes, c.lng) })
    : c.t("auditText.extraTimeRemoved", learnerAndCourse(c));
};

const extraAttempt: Describer = (c) => {
  const attempts = num(c.d.attempts) ?? num(c.d.to) ?? 0;
  return attempts > 0
    ? c.t("auditText.extraAttempt", { ...learnerAndCourse(c), count: attempts, n: formatNumber(attempts, c.lng) })
    : c.t("auditText.extraAttemptRemoved", learnerAndCourse(c));
};

const certificateParts = (c: Context) => {
  const known = c.names.certificates.get(c.entry.targetId);
  return {
    actor: c.actor,
    serial: str(c.d.serial) ?? known?.serial ?? "—",
    learner: c.person(c.d.userId ?? known?.userId),
    course: c.course(c.d.course ?? known?.courseSlug),
  };
};

const eventTitle = (c: Context) => c.event(c.d.eventId ?? c.entry.targetId, c.d.title);

const sessionTime = (c: Context) => {
  const s = typeof c.d.sessionId === "string" ? c.names.sessions.get(c.d.sessionId) : undefined;
  return s ? formatDateTime(s.startsAt, c.lng) : "";
};

const mark = (c: Context, v: unknown) => (typeof v === "string" ? c.t(`events.marks.${v}`, { defaultValue: v }) : "—");

const place = (names: Map<string, Titles>, id: unknown, stored: Detail | undefined, c: Context) =>
  titleOf(names, id, c.lng) ?? (stored ? str(c.lng === "en" ? stored.nameEn : stored.nameMn) : undefined) ?? c.t("auditText.unknownRecord");

const reportExport: Describer = (c) => {
  const view = c.entry.action.slice("report.export.".length);
  const report = c.t(`auditText.reports.${view}`, { defaultValue: humanise(view) });
  const format = c.d.format === "xlsx" ? "Excel" : "CSV";
  const filter = describeFilter(c, asDetail(c.d.filter));
  return c.t("auditText.reportExport", { actor: c.actor, report, format }) + (filter ? ` ${c.t("auditText.filter", { filter })}` : "");
};

/** A report filter as "course: «…», aimag: Баянхонгор". */
function describeFilter(c: Context, filter: Detail): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    if (PAGING_KEYS.has(key) || typeof raw !== "string" || !raw) continue;
    let value: string;
    switch (key) {
      case "course":
        value = `«${c.course(raw)}»`;
        break;
      case "aimag":
        value = titleOf(c.names.aimags, raw, c.lng) ?? raw;
        break;
      case "sum":
        value = titleOf(c.names.sums, raw, c.lng) ?? raw;
        break;
      case "organisation":
        value = titleOf(c.names.organisations, raw, c.lng) ?? raw;
        break;
      case "campaign":
        value = `«${titleOf(c.names.campaigns, raw, c.lng) ?? raw}»`;
        break;
      case "event":
        value = `«${c.event(raw)}»`;
        break;
      case "status":
        value = c.t(`learningStatus.${raw}`, { defaultValue: raw });
        break;
      case "audience":
        value = c.t(`events.audience.${raw}`, { defaultValue: raw });
        break;
      case "q":
        value = `«${raw}»`;
        break;
      default:
        value = c.t(`auditText.values.${raw}`, { defaultValue: raw });
    }
    parts.push(`${c.t(`auditText.keys.${key}`, { defaultValue: key })}: ${value}`);
  }
  return parts.join(", ");
}

/** "extraAttempts" → "extra attempts"; "password_reset_link" → "password reset link". */
function humanise(key: string): string {
  return key
    .replace(/[._-]+/g, " ")
    .replace(/([a-zа-яөү])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

const DESCRIBERS: Record<string, Describer> = {
  "user.register": (c) => c.t("auditText.register", { user: c.person(c.entry.targetId) }),
  "user.password_change": (c) => c.t("auditText.passwordChange", { user: c.person(c.entry.targetId) }),
  "user.password_reset": (c) =>
    c.d.linkCreatedBy === c.entry.targetId
      ? c.t("auditText.passwordResetSelf", { user: c.person(c.entry.targetId) })
      : c.t("auditText.passwordReset", { user: c.person(c.entry.targetId), creator: c.person(c.d.linkCreatedBy) }),
  "user.password_reset_requested": (c) => c.t("auditText.passwordResetRequested", { user: c.person(c.entry.targetId), until: c.time(c.d.expiresAt) }),
  "user.password_reset_link": (c) =>
    c.t("auditText.passwordResetLink", {
      actor: c.actor,
      user: c.person(c.entry.targetId),
      until: c.time(c.d.expiresAt),
    }),
  "user.roles": (c) => {
    const roles = (Array.isArray(c.d.roles) ? c.d.roles : []).map((r) => {
      const { role, aimag_code } = asDetail(r);
      const name = c.t(`roles.${String(role)}`, { defaultValue: String(role) });
      const aimag = titleOf(c.names.aimags, aimag_code, c.lng);
      return aimag ? `${name} (${aimag})` : name;
    });
    return c.t("auditText.roles", { actor: c.actor, user: c.person(c.entry.targetId), roles: roles.length ? roles.join(", ") : c.t("auditText.noRoles") });
  },
  "user.disable": (c) => c.t("auditText.disable", { actor: c.actor, user: c.person(c.entry.targetId) }),
  "user.enable": (c) => c.t("auditText.enable", { actor: c.actor, user: c.person(c.entry.targetId) }),
  "user.walkIn": (c) => c.t("auditText.walkIn", { actor: c.actor, user: c.person(c.entry.targetId), event: c.event(c.d.eventId) }),

  "certificate.issue": (c) => c.t("auditText.certificateIssue", certificateParts(c)),
  "certificate.issue_offline": (c) => {
    const reason = str(c.d.reason);
    return c.t("auditText.certificateIssueOffline", certificateParts(c)) + (reason ? ` ${c.t("auditText.reason", { reason })}` : "");
  },
  "certificate.renew": (c) => {
    const parts = certificateParts(c);
    const self = c.entry.actorId !== null && c.entry.actorId === (c.d.userId ?? c.names.certificates.get(c.entry.targetId)?.userId);
    return c.t(self ? "auditText.certificateRenewSelf" : "auditText.certificateRenew", parts);
  },
  "certificate.revoke": (c) => {
    const reason = str(c.d.reason);
    return c.t("auditText.certificateRevoke", certificateParts(c)) + (reason ? ` ${c.t("auditText.reason", { reason })}` : "");
  },

  "enrolment.assign.individual": assign,
  "enrolment.assign.search": assign,
  "enrolment.assign.filter": assign,
  "enrolment.assign.csv-confirm": assign,
  "enrolment.assign.xlsx": assign,
  "enrolment.withdraw": withdraw,
  "enrolment.withdrawnByStaff": withdraw,
  "enrolment.rejoin": (c) =>
    c.t(c.entry.actorId !== null && c.entry.actorId === c.d.userId ? "auditText.rejoinSelf" : "auditText.rejoinAssigned", learnerAndCourse(c)),
  "enrolment.reinstate": (c) => c.t("auditText.reinstate", learnerAndCourse(c)),
  "enrolment.dueChanged": dueChanged,
  "enrolment.due": dueChanged,
  "enrolment.extraTime": extraTime,
  "enrolment.extraMinutes": extraTime,
  "enrolment.extraAttempt": extraAttempt,
  "enrolment.extraAttempts": extraAttempt,

  "organisation.add": (c) => c.t("auditText.organisationAdd", { actor: c.actor, name: place(c.names.organisations, c.entry.targetId, c.d, c) }),
  "organisation.update": (c) => c.t("auditText.organisationUpdate", { actor: c.actor, name: place(c.names.organisations, c.entry.targetId, c.d, c) }),
  "organisation.archive": (c) => c.t("auditText.organisationArchive", { actor: c.actor, name: place(c.names.organisations, c.entry.targetId, undefined, c) }),
  "organisation.unarchive": (c) =>
    c.t("auditText.organisationUnarchive", { actor: c.actor, name: place(c.names.organisations, c.entry.targetId, undefined, c) }),
  "sum.add": (c) =>
    c.t("auditText.sumAdd", {
      actor: c.actor,
      name: place(c.names.sums, c.entry.targetId, c.d, c),
      aimag: titleOf(c.names.aimags, c.d.aimagCode, c.lng) ?? str(c.d.aimagCode) ?? "—",
    }),
  "sum.rename": (c) => {
    const from = asDetail(c.d.from);
    const to = asDetail(c.d.to);
    return c.t("auditText.sumRename", { actor: c.actor, from: str(from[c.lng]) ?? str(from.mn) ?? "—", to: str(to[c.lng]) ?? str(to.mn) ?? "—" });
  },

  // a report added later is still a download (see describerOf)
  "report.export.summary": reportExport,
  "report.export.learners": reportExport,
  "report.export.funnel": reportExport,
  "report.export.events": reportExport,
  "report.export.eventsDetail": reportExport,
  "report.export.examAttempts": reportExport,

  "course.trainerAssign": (c) => c.t("trainer.audit.assign", { actor: c.actor, trainer: c.person(c.d.userId), course: c.course(c.entry.targetId) }),
  "course.trainerUnassign": (c) => c.t("trainer.audit.unassign", { actor: c.actor, trainer: c.person(c.d.userId), course: c.course(c.entry.targetId) }),
  "event.create": (c) =>
    c.t("auditText.eventCreate", { actor: c.actor, event: eventTitle(c), aimag: titleOf(c.names.aimags, c.d.aimag, c.lng) ?? str(c.d.aimag) ?? "—" }),
  "event.update": (c) => {
    const promoted = ids(c.d.promoted).length;
    return (
      c.t("auditText.eventUpdate", { actor: c.actor, event: eventTitle(c) }) +
      (promoted ? ` ${c.t("auditText.promotedCount", { count: promoted, n: formatNumber(promoted, c.lng) })}` : "")
    );
  },
  "event.cancel": (c) => c.t("auditText.eventCancel", { actor: c.actor, event: eventTitle(c) }),
  "event.promote": (c) => c.t("auditText.eventPromote", { user: c.person(c.d.userId), event: eventTitle(c) }),
  "event.register": (c) => {
    const self = c.entry.actorId !== null && c.entry.actorId === c.d.userId;
    const waiting = c.d.status === "waiting";
    const key = `auditText.${self ? "registerSelf" : "registerByStaff"}${waiting ? "Waiting" : ""}`;
    return c.t(key, { actor: c.actor, user: c.person(c.d.userId), event: eventTitle(c) });
  },
  "event.unregister": (c) => {
    const self = c.entry.actorId !== null && c.entry.actorId === c.d.userId;
    const promoted = ids(c.d.promoted).length;
    return (
      c.t(self ? "auditText.unregisterSelf" : "auditText.unregisterByStaff", { actor: c.actor, user: c.person(c.d.userId), event: eventTitle(c) }) +
      (promoted ? ` ${c.t("auditText.promotedCount", { count: promoted, n: formatNumber(promoted, c.lng) })}` : "")
    );
  },
  "attendance.mark": (c) => {
    const people = num(c.d.people) ?? 0;
    return c.t("auditText.attendanceMark", {
      actor: c.actor,
      event: eventTitle(c),
      session: sessionTime(c) || "—",
      count: people,
      n: formatNumber(people, c.lng),
      source: c.t(`auditText.source.${String(c.d.source)}`, { defaultValue: String(c.d.source ?? "") }),
    });
  },
  "attendance.correct": (c) =>
    c.t("auditText.attendanceCorrect", {
      actor: c.actor,
      user: c.person(c.d.userId),
      event: eventTitle(c),
      session: sessionTime(c) || "—",
      from: mark(c, c.d.from),
      to: mark(c, c.d.to),
    }),
  "attendance.creditWithdrawn": (c) => c.t("auditText.creditWithdrawn", { ...certificateParts(c), event: c.event(c.d.eventId), course: c.course(c.d.course) }),
  "campaign.create": (c) =>
    c.t("auditText.campaignCreate", { actor: c.actor, campaign: titleOf(c.names.campaigns, c.entry.targetId, c.lng) ?? str(c.d.title) ?? "—" }),
  "creditReview.resolve": (c) => {
    const reason = str(c.d.reason);
    const key = c.d.decision === "revoked" ? "auditText.reviewRevoked" : "auditText.reviewKept";
    return (
      c.t(key, { actor: c.actor, user: c.person(c.d.userId), course: c.course(c.d.course), event: c.event(c.d.eventId) }) +
      (reason ? ` ${c.t("auditText.reason", { reason })}` : "")
    );
  },
};

/** Families whose members differ only in a name the sentence reads (the report, the channel). */
const FAMILIES: [string, Describer][] = [
  ["report.export.", reportExport],
  ["enrolment.assign.", assign],
];

function describerOf(action: string): Describer | undefined {
  return Object.hasOwn(DESCRIBERS, action) ? DESCRIBERS[action] : FAMILIES.find(([prefix]) => action.startsWith(prefix))?.[1];
}

/** Whether an action has its own sentence (others get the generic one). */
export function hasDescriber(action: string): boolean {
  return describerOf(action) !== undefined;
}

/** An action's name in words: its label when the log has one, else its key split into words. */
function actionName(action: string, t: TFunction): string {
  const key = `audit.actions.${action.replace(/[.-]/g, "_")}`;
  const label = t(key, { defaultValue: "" });
  return label || humanise(action);
}

/** Any detail as "key: value" pairs in words: ids become names, times dates, lists are shortened. */
function genericPairs(c: Context, detail: unknown, depth = 0): string {
  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return c.t(v ? "auditText.yes" : "auditText.no");
    if (typeof v === "number") return formatNumber(v, c.lng);
    if (typeof v === "string") {
      if (/^(userId|.*By)$/.test(key) || c.names.users.has(v)) return c.person(v);
      if (key === "course" || key === "courseSlug") return `«${c.course(v)}»`;
      if (key === "eventId") return `«${c.event(v)}»`;
      if (ISO_TIME.test(v) && !Number.isNaN(Date.parse(v))) return formatDateTime(v, c.lng);
      return v.length > 200 ? `${v.slice(0, 200)}…` : v;
    }
    if (Array.isArray(v)) {
      const shown = v.slice(0, 5).map((x) => value(key, x));
      return v.length > 5 ? c.t("auditText.andMore", { list: shown.join(", "), count: v.length - 5, n: formatNumber(v.length - 5, c.lng) }) : shown.join(", ");
    }
    return depth < 2 ? `(${genericPairs(c, v, depth + 1)})` : "…";
  };
  if (detail === null || typeof detail !== "object" || Array.isArray(detail)) return detail === null || detail === undefined ? "" : value("", detail);
  return Object.entries(detail)
    .slice(0, 12)
    .map(([k, v]) => `${c.t(`auditText.keys.${k}`, { defaultValue: humanise(k) })}: ${value(k, v)}`)
    .join(", ");
}

/** What the entry's target is, named: a person's name, a course's title, else its kind. */
function targetName(c: Context): string {
  const { targetType: type, targetId: id } = c.entry;
  const kind = c.t(`audit.targets.${type}`, { defaultValue: humanise(type) });
  if (type === "user") return c.person(id);
  if (type === "course") return `«${c.course(id)}»`;
  if (type === "training_event") return `«${c.event(id)}»`;
  const named = titleOf(
    type === "campaign" ? c.names.campaigns : type === "sum" ? c.names.sums : type === "organisation" ? c.names.organisations : new Map(),
    id,
    c.lng,
  );
  return named ? `${kind} «${named}»` : kind;
}

/** One sentence for an audit entry in the reader's language (`t` fixed to `lng`). */
export function describeAudit(entry: AuditEntry, names: AuditNames, t: TFunction, lng: Language): string {
  const d = asDetail(entry.detail);
  const person = (id: unknown) => {
    const u = typeof id === "string" ? names.users.get(id) : undefined;
    // "Д. Болд" kept on one line
    return u ? shortName(u).replace(" ", "\u00a0") : t("auditText.unknownPerson");
  };
  const c: Context = {
    t,
    lng,
    names,
    entry,
    d,
    actor: entry.actorId ? person(entry.actorId) : t("auditText.system"),
    person,
    course: (slug) => titleOf(names.courses, slug, lng) ?? (typeof slug === "string" && slug ? slug : t("auditText.unknownRecord")),
    event: (id, stored) => titleOf(names.events, id, lng) ?? str(stored) ?? t("auditText.unknownRecord"),
    day: (iso) => (typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? formatDateShort(iso, lng) : "—"),
    time: (iso) => (typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? formatDateTime(iso, lng) : "—"),
  };
  const describe = describerOf(entry.action);
  if (describe) return describe(c);
  const pairs = genericPairs(c, entry.detail);
  return t("auditText.generic", { actor: c.actor, action: actionName(entry.action, t), target: targetName(c) }) + (pairs ? ` (${pairs})` : "");
}
