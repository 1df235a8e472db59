// Every audit action as a sentence, in Mongolian and English, from what its entry records; and a
// check on the sources that no action the code records is left without one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Language } from "~/i18n/config";
import { i18nInstance } from "~/i18n/i18next.server";
import { type AuditEntry, type AuditNames, auditReferences, describeAudit, hasDescriber } from "./describe";

const ADMIN = "u-admin";
const BOLD = "u-bold";
const DORJ = "u-dorj";
const SARAA = "u-saraa";
const BAT = "u-bat";

const names: AuditNames = {
  users: new Map([
    [ADMIN, { surname: "Ганбаатар", given_name: "Сарангэрэл" }],
    [BOLD, { surname: "Батын", given_name: "Болд" }],
    [DORJ, { surname: "Гомбо", given_name: "Дорж" }],
    [SARAA, { surname: "Болд", given_name: "Сараа" }],
    [BAT, { surname: "Нямаа", given_name: "Бат" }],
  ]),
  courses: new Map([["civil-service", { mn: "Иргэний үйлчилгээ", en: "Citizen services" }]]),
  events: new Map([["ev-1", { mn: "Баянхонгорын сургалт", en: "Bayankhongor training" }]]),
  sessions: new Map([["s-1", { eventId: "ev-1", startsAt: "2027-03-30T02:00:00.000Z" }]]),
  campaigns: new Map([["c-1", { mn: "Хаврын аян", en: "Spring campaign" }]]),
  certificates: new Map([["cert-1", { serial: "ERD-2027-000123", userId: DORJ, courseSlug: "civil-service" }]]),
  aimags: new Map([["MN-069", { mn: "Баянхонгор", en: "Bayankhongor" }]]),
  sums: new Map([["sum-1", { mn: "Бөмбөгөр", en: "Bömbögör" }]]),
  organisations: new Map([["org-1", { mn: "Засаг даргын Тамгын газар", en: "Governor's Office" }]]),
};

const DUE = "2027-03-31T15:59:59.000Z";

function say(entry: Partial<AuditEntry> & { action: string }, lng: Language) {
  const full: AuditEntry = { actorId: BOLD, targetType: "user", targetId: DORJ, detail: null, ...entry };
  // names are kept on one line with a no-break space; compared here as plain spaces
  return describeAudit(full, names, i18nInstance(lng).getFixedT(null, "common"), lng).replace(/\u00a0/g, " ");
}

/** An action, what its entry records, and the sentence expected in each language. */
const CASES: { name: string; entry: Partial<AuditEntry> & { action: string }; mn: string; en: string }[] = [
  {
    name: "an assignment from an Excel file, named learners and the rest counted",
    entry: {
      action: "enrolment.assign.xlsx",
      targetType: "course",
      targetId: "civil-service",
      detail: { count: 12, userIds: [DORJ, SARAA, BAT, "u-4", "u-5"], dueAt: DUE },
    },
    mn: "Б. Болд Excel файлаар «Иргэний үйлчилгээ» сургалтад 12 суралцагч хуваарилсан (дуусгах хугацаа 2027.03.31): Г. Дорж, Б. Сараа, Н. Бат болон бусад 9.",
    en: "Б. Болд assigned 12 learners to «Citizen services» from an Excel file (due 31/03/2027): Г. Дорж, Б. Сараа, Н. Бат and 9 more.",
  },
  {
    name: "one learner by e-mail, no due date",
    entry: { action: "enrolment.assign.individual", targetType: "course", targetId: "civil-service", detail: { count: 1, userIds: [DORJ], dueAt: null } },
    mn: "Б. Болд цахим шуудангаар нь «Иргэний үйлчилгээ» сургалтад 1 суралцагч хуваарилсан: Г. Дорж.",
    en: "Б. Болд assigned 1 learner to «Citizen services» by email address: Г. Дорж.",
  },
  {
    name: "picked from a name search",
    entry: { action: "enrolment.assign.search", targetType: "course", targetId: "civil-service", detail: { count: 2, userIds: [DORJ, SARAA], dueAt: DUE } },
    mn: "Б. Болд нэрээр хайж «Иргэний үйлчилгээ» сургалтад 2 суралцагч хуваарилсан (дуусгах хугацаа 2027.03.31): Г. Дорж, Б. Сараа.",
    en: "Б. Болд assigned 2 learners to «Citizen services» picked by name (due 31/03/2027): Г. Дорж, Б. Сараа.",
  },
  {
    name: "by a filter, an entry written before learners were recorded",
    entry: { action: "enrolment.assign.filter", targetType: "course", targetId: "civil-service", detail: { count: 40 } },
    mn: "Б. Болд шүүлтүүрээр «Иргэний үйлчилгээ» сургалтад 40 суралцагч хуваарилсан.",
    en: "Б. Болд assigned 40 learners to «Citizen services» by a filter.",
  },
  {
    name: "from a CSV file with rows of different due dates",
    entry: {
      action: "enrolment.assign.csv-confirm",
      targetType: "course",
      targetId: "civil-service",
      detail: { count: 2, userIds: [DORJ, SARAA], dueVaries: true },
    },
    mn: "Б. Болд CSV файлаар «Иргэний үйлчилгээ» сургалтад 2 суралцагч хуваарилсан (мөр бүр өөрийн дуусгах хугацаатай): Г. Дорж, Б. Сараа.",
    en: "Б. Болд assigned 2 learners to «Citizen services» from a CSV file (each row with its own due date): Г. Дорж, Б. Сараа.",
  },
  {
    name: "a learner leaving by themselves",
    entry: { action: "enrolment.withdraw", actorId: DORJ, targetType: "enrolment", targetId: "e-1", detail: { userId: DORJ, course: "civil-service" } },
    mn: "Г. Дорж «Иргэний үйлчилгээ» сургалтаас гарсан.",
    en: "Г. Дорж left «Citizen services».",
  },
  {
    name: "staff withdrawing a learner, with a reason",
    entry: {
      action: "enrolment.withdrawnByStaff",
      targetType: "enrolment",
      targetId: "e-1",
      detail: { courseSlug: "civil-service", userId: DORJ, reason: "Ажлаас гарсан" },
    },
    mn: "Б. Болд Г. Дорж суралцагчийг «Иргэний үйлчилгээ» сургалтаас хассан. Шалтгаан: «Ажлаас гарсан».",
    en: "Б. Болд withdrew Г. Дорж from «Citizen services». Reason: “Ажлаас гарсан”.",
  },
  {
    name: "staff withdrawing under the learner's own action name",
    entry: { action: "enrolment.withdraw", targetType: "enrolment", targetId: "e-1", detail: { course: "civil-service", userId: DORJ } },
    mn: "Б. Болд Г. Дорж суралцагчийг «Иргэний үйлчилгээ» сургалтаас хассан.",
    en: "Б. Болд withdrew Г. Дорж from «Citizen services».",
  },
  {
    name: "coming back by themselves",
    entry: { action: "enrolment.rejoin", actorId: DORJ, targetType: "enrolment", targetId: "e-1", detail: { userId: DORJ, course: "civil-service" } },
    mn: "Г. Дорж гарсан «Иргэний үйлчилгээ» сургалтдаа дахин бүртгүүлсэн.",
    en: "Г. Дорж came back to «Citizen services», which they had left.",
  },
  {
    name: "assigned again after leaving",
    entry: { action: "enrolment.rejoin", targetType: "enrolment", targetId: "e-1", detail: { userId: DORJ, course: "civil-service" } },
    mn: "Б. Болд сургалтаас гарсан Г. Дорж суралцагчийг «Иргэний үйлчилгээ» сургалтад дахин хуваарилсан.",
    en: "Б. Болд assigned Г. Дорж, who had left, to «Citizen services» again.",
  },
  {
    name: "reinstated by staff",
    entry: { action: "enrolment.reinstate", targetType: "enrolment", targetId: "e-1", detail: { course: "civil-service", userId: DORJ, dueAt: null } },
    mn: "Б. Болд Г. Дорж суралцагчийг «Иргэний үйлчилгээ» сургалтад буцаан оруулсан.",
    en: "Б. Болд brought Г. Дорж back into «Citizen services».",
  },
  {
    name: "a due date changed",
    entry: {
      action: "enrolment.dueChanged",
      targetType: "enrolment",
      targetId: "e-1",
      detail: { courseSlug: "civil-service", userId: DORJ, from: "2027-01-31T15:59:59.000Z", to: DUE },
    },
    mn: "Б. Болд Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын дуусгах хугацааг өөрчилсөн: 2027.01.31 → 2027.03.31.",
    en: "Б. Болд changed the due date of Г. Дорж in «Citizen services»: 31/01/2027 → 31/03/2027.",
  },
  {
    name: "a due date set where there was none (under the other name)",
    entry: { action: "enrolment.due", targetType: "enrolment", targetId: "e-1", detail: { course: "civil-service", userId: DORJ, from: null, to: DUE } },
    mn: "Б. Болд Г. Дорж суралцагчид «Иргэний үйлчилгээ» сургалтын дуусгах хугацаа тогтоосон: 2027.03.31.",
    en: "Б. Болд set a due date for Г. Дорж in «Citizen services»: 31/03/2027.",
  },
  {
    name: "a due date removed",
    entry: {
      action: "enrolment.dueChanged",
      targetType: "enrolment",
      targetId: "e-1",
      detail: { courseSlug: "civil-service", userId: DORJ, from: DUE, to: null },
    },
    mn: "Б. Болд Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын дуусгах хугацааг хассан.",
    en: "Б. Болд removed the due date of Г. Дорж in «Citizen services».",
  },
  {
    name: "extra exam time",
    entry: { action: "enrolment.extraTime", targetType: "enrolment", targetId: "e-1", detail: { courseSlug: "civil-service", userId: DORJ, minutes: 15 } },
    mn: "Б. Болд Г. Дорж суралцагчид «Иргэний үйлчилгээ» сургалтын шалгалтын оролдлого бүрт 15 минут нэмэлт хугацаа олгосон.",
    en: "Б. Болд gave Г. Дорж 15 extra minutes for each exam attempt in «Citizen services».",
  },
  {
    name: "extra exam time taken away (under the other name, from → to)",
    entry: { action: "enrolment.extraMinutes", targetType: "enrolment", targetId: "e-1", detail: { course: "civil-service", userId: DORJ, from: 15, to: 0 } },
    mn: "Б. Болд Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын шалгалтын нэмэлт хугацааг цуцалсан.",
    en: "Б. Болд took away the extra exam time of Г. Дорж in «Citizen services».",
  },
  {
    name: "an extra attempt",
    entry: { action: "enrolment.extraAttempt", targetType: "enrolment", targetId: "e-1", detail: { courseSlug: "civil-service", userId: DORJ, attempts: 1 } },
    mn: "Б. Болд Г. Дорж суралцагчид «Иргэний үйлчилгээ» сургалтын шалгалтад 1 нэмэлт оролдлого олгосон.",
    en: "Б. Болд allowed Г. Дорж 1 extra exam attempt in «Citizen services».",
  },
  {
    name: "extra attempts (under the other name)",
    entry: { action: "enrolment.extraAttempts", targetType: "enrolment", targetId: "e-1", detail: { course: "civil-service", userId: DORJ, from: 0, to: 2 } },
    mn: "Б. Болд Г. Дорж суралцагчид «Иргэний үйлчилгээ» сургалтын шалгалтад 2 нэмэлт оролдлого олгосон.",
    en: "Б. Болд allowed Г. Дорж 2 extra exam attempts in «Citizen services».",
  },
  { name: "registering", entry: { action: "user.register", actorId: DORJ }, mn: "Г. Дорж бүртгүүлсэн.", en: "Г. Дорж registered." },
  {
    name: "a password change",
    entry: { action: "user.password_change", actorId: DORJ },
    mn: "Г. Дорж нууц үгээ сольсон.",
    en: "Г. Дорж changed their password.",
  },
  {
    name: "a password set from a link",
    entry: { action: "user.password_reset", actorId: DORJ, detail: { linkCreatedBy: BOLD } },
    mn: "Г. Дорж нууц үг сэргээх холбоосоор шинэ нууц үг тохируулсан (холбоосыг Б. Болд үүсгэсэн).",
    en: "Г. Дорж set a new password with a reset link made by Б. Болд.",
  },
  {
    name: "a password set from a link sent by e-mail",
    entry: { action: "user.password_reset", actorId: DORJ, detail: { linkCreatedBy: DORJ } },
    mn: "Г. Дорж цахим шуудангаар ирсэн холбоосоор шинэ нууц үг тохируулсан.",
    en: "Г. Дорж set a new password with a link sent to their e-mail.",
  },
  {
    name: "a reset link asked for by e-mail",
    entry: { action: "user.password_reset_requested", actorId: DORJ, detail: { expiresAt: "2027-03-31T04:30:00.000Z" } },
    mn: "Г. Дорж нууц үг сэргээх холбоосыг цахим шуудангаар авахаар хүссэн (2027.03.31 12:30 хүртэл хүчинтэй).",
    en: "Г. Дорж asked for a password reset link by e-mail, valid until 31/03/2027 12:30.",
  },
  {
    name: "a reset link made",
    entry: { action: "user.password_reset_link", detail: { expiresAt: "2027-03-31T04:30:00.000Z" } },
    mn: "Б. Болд Г. Дорж хэрэглэгчид нууц үг сэргээх холбоос үүсгэсэн (2027.03.31 12:30 хүртэл хүчинтэй).",
    en: "Б. Болд made a password reset link for Г. Дорж, valid until 31/03/2027 12:30.",
  },
  {
    name: "roles",
    entry: {
      action: "user.roles",
      actorId: ADMIN,
      detail: {
        roles: [
          { role: "coordinator", aimag_code: "MN-069" },
          { role: "learner", aimag_code: null },
        ],
      },
    },
    mn: "Г. Сарангэрэл Г. Дорж хэрэглэгчийн эрхийг өөрчилсөн: Зохицуулагч (Баянхонгор), Суралцагч.",
    en: "Г. Сарангэрэл set the roles of Г. Дорж: Coordinator (Bayankhongor), Learner.",
  },
  {
    name: "all roles taken away",
    entry: { action: "user.roles", actorId: ADMIN, detail: { roles: [] } },
    mn: "Г. Сарангэрэл Г. Дорж хэрэглэгчийн эрхийг өөрчилсөн: эрхгүй.",
    en: "Г. Сарангэрэл set the roles of Г. Дорж: no roles.",
  },
  {
    name: "a trainer assigned to a course",
    entry: { action: "course.trainerAssign", actorId: ADMIN, targetType: "course", targetId: "civil-service", detail: { userId: DORJ } },
    mn: "Г. Сарангэрэл Г. Дорж хэрэглэгчийг «Иргэний үйлчилгээ» сургалтын сургагч багшаар томилсон.",
    en: "Г. Сарангэрэл assigned Г. Дорж as a trainer of «Citizen services».",
  },
  {
    name: "a trainer taken off a course",
    entry: { action: "course.trainerUnassign", actorId: ADMIN, targetType: "course", targetId: "civil-service", detail: { userId: DORJ } },
    mn: "Г. Сарангэрэл Г. Дорж хэрэглэгчийг «Иргэний үйлчилгээ» сургалтын сургагч багшаас хассан.",
    en: "Г. Сарангэрэл took Г. Дорж off the trainers of «Citizen services».",
  },
  {
    name: "an account disabled",
    entry: { action: "user.disable", actorId: ADMIN },
    mn: "Г. Сарангэрэл Г. Дорж хэрэглэгчийн бүртгэлийг идэвхгүй болгосон.",
    en: "Г. Сарангэрэл disabled the account of Г. Дорж.",
  },
  {
    name: "an account enabled",
    entry: { action: "user.enable", actorId: ADMIN },
    mn: "Г. Сарангэрэл Г. Дорж хэрэглэгчийн бүртгэлийг дахин идэвхжүүлсэн.",
    en: "Г. Сарангэрэл enabled the account of Г. Дорж again.",
  },
  {
    name: "a walk-in",
    entry: { action: "user.walkIn", detail: { eventId: "ev-1" } },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтад урьдчилан бүртгүүлээгүй ирсэн оролцогчийн бүртгэл үүсгэсэн: Г. Дорж.",
    en: "Б. Болд made an account at «Bayankhongor training» for a participant who came without registering: Г. Дорж.",
  },
  {
    name: "a certificate issued by the system on completion",
    entry: {
      action: "certificate.issue",
      actorId: null,
      targetType: "certificate",
      targetId: "cert-1",
      detail: { serial: "ERD-2027-000123", userId: DORJ, course: "civil-service" },
    },
    mn: "Систем Г. Дорж суралцагчид «Иргэний үйлчилгээ» сургалтын ERD-2027-000123 дугаартай гэрчилгээ олгосон.",
    en: "The system issued certificate ERD-2027-000123 for «Citizen services» to Г. Дорж.",
  },
  {
    name: "a certificate for training in person",
    entry: {
      action: "certificate.issue_offline",
      actorId: ADMIN,
      targetType: "certificate",
      targetId: "cert-1",
      detail: { serial: "ERD-2027-000123", userId: DORJ, course: "civil-service", reason: "Танхимд суусан" },
    },
    mn: "Г. Сарангэрэл Г. Дорж суралцагчид «Иргэний үйлчилгээ» сургалтын ERD-2027-000123 дугаартай гэрчилгээг танхимын сургалтаар олгосон. Шалтгаан: «Танхимд суусан».",
    en: "Г. Сарангэрэл issued certificate ERD-2027-000123 for «Citizen services» to Г. Дорж for training done in person. Reason: “Танхимд суусан”.",
  },
  {
    name: "a renewal",
    entry: {
      action: "certificate.renew",
      actorId: DORJ,
      targetType: "certificate",
      targetId: "cert-2",
      detail: { serial: "ERD-2029-000001", userId: DORJ, course: "civil-service", renewedFrom: "cert-1" },
    },
    mn: "Г. Дорж «Иргэний үйлчилгээ» сургалтын гэрчилгээгээ шалгалт өгч сунгасан: шинэ дугаар ERD-2029-000001.",
    en: "Г. Дорж renewed their certificate for «Citizen services» by taking the exam again; the new one is ERD-2029-000001.",
  },
  {
    name: "a renewal issued by an administrator",
    entry: {
      action: "certificate.renew",
      actorId: ADMIN,
      targetType: "certificate",
      targetId: "cert-2",
      detail: { serial: "ERD-2029-000001", userId: DORJ, course: "civil-service" },
    },
    mn: "Г. Сарангэрэл Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын гэрчилгээг сунгасан: шинэ дугаар ERD-2029-000001.",
    en: "Г. Сарангэрэл renewed the certificate of Г. Дорж for «Citizen services»; the new one is ERD-2029-000001.",
  },
  {
    name: "a revocation, the certificate looked up by its id",
    entry: { action: "certificate.revoke", actorId: ADMIN, targetType: "certificate", targetId: "cert-1", detail: { reason: "Буруу олгосон" } },
    mn: "Г. Сарангэрэл Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын ERD-2027-000123 дугаартай гэрчилгээг цуцалсан. Шалтгаан: «Буруу олгосон».",
    en: "Г. Сарангэрэл revoked certificate ERD-2027-000123 of Г. Дорж for «Citizen services». Reason: “Буруу олгосон”.",
  },
  {
    name: "an organisation added",
    entry: {
      action: "organisation.add",
      actorId: ADMIN,
      targetType: "organisation",
      targetId: "org-new",
      detail: { nameMn: "Шинэ газар", nameEn: "New office", kind: "agency" },
    },
    mn: "Г. Сарангэрэл «Шинэ газар» байгууллагыг нэмсэн.",
    en: "Г. Сарангэрэл added the organisation «New office».",
  },
  {
    name: "an organisation edited",
    entry: { action: "organisation.update", actorId: ADMIN, targetType: "organisation", targetId: "org-1", detail: { nameMn: "Засаг даргын Тамгын газар" } },
    mn: "Г. Сарангэрэл «Засаг даргын Тамгын газар» байгууллагын мэдээллийг засварласан.",
    en: "Г. Сарангэрэл edited the organisation «Governor's Office».",
  },
  {
    name: "an organisation archived",
    entry: { action: "organisation.archive", actorId: ADMIN, targetType: "organisation", targetId: "org-1" },
    mn: "Г. Сарангэрэл «Засаг даргын Тамгын газар» байгууллагыг архивласан.",
    en: "Г. Сарангэрэл archived the organisation «Governor's Office».",
  },
  {
    name: "an organisation restored",
    entry: { action: "organisation.unarchive", actorId: ADMIN, targetType: "organisation", targetId: "org-1" },
    mn: "Г. Сарангэрэл «Засаг даргын Тамгын газар» байгууллагыг архиваас сэргээсэн.",
    en: "Г. Сарангэрэл restored the organisation «Governor's Office» from the archive.",
  },
  {
    name: "a sum added",
    entry: { action: "sum.add", actorId: ADMIN, targetType: "sum", targetId: "sum-1", detail: { aimagCode: "MN-069", nameMn: "Бөмбөгөр", nameEn: "Bömbögör" } },
    mn: "Г. Сарангэрэл «Бөмбөгөр» сум, дүүргийг нэмсэн (Баянхонгор).",
    en: "Г. Сарангэрэл added the sum «Bömbögör» (Bayankhongor).",
  },
  {
    name: "a sum renamed",
    entry: {
      action: "sum.rename",
      actorId: ADMIN,
      targetType: "sum",
      targetId: "sum-1",
      detail: { from: { mn: "Бомбогор", en: "Bombogor" }, to: { mn: "Бөмбөгөр", en: "Bömbögör" } },
    },
    mn: "Г. Сарангэрэл сум, дүүргийн нэрийг өөрчилсөн: «Бомбогор» → «Бөмбөгөр».",
    en: "Г. Сарангэрэл renamed a sum: «Bombogor» → «Bömbögör».",
  },
  {
    name: "the learner list downloaded, its filter in words",
    entry: {
      action: "report.export.learners",
      targetType: "report",
      targetId: "learners",
      detail: { filter: { view: "learners", course: "civil-service", aimag: "MN-069", status: "overdue", q: "бат" }, format: "xlsx" },
    },
    mn: "Б. Болд суралцагчдын жагсаалт татсан (Excel). Шүүлтүүр: сургалт: «Иргэний үйлчилгээ», аймаг: Баянхонгор, төлөв: Хугацаа хэтэрсэн, хайлт: «бат».",
    en: "Б. Болд downloaded the learner list (Excel). Filter: course: «Citizen services», aimag: Bayankhongor, status: Overdue, search: «бат».",
  },
  {
    name: "the summary downloaded without a filter",
    entry: { action: "report.export.summary", targetType: "report", targetId: "summary", detail: { filter: {}, format: "csv" } },
    mn: "Б. Болд нэгтгэл тайлан татсан (CSV).",
    en: "Б. Болд downloaded the summary report (CSV).",
  },
  {
    name: "the funnel",
    entry: { action: "report.export.funnel", targetType: "report", targetId: "funnel", detail: { filter: { by: "aimag" }, format: "csv" } },
    mn: "Б. Болд сургалтын юүлүүр тайлан татсан (CSV). Шүүлтүүр: бүлэглэх: аймгаар.",
    en: "Б. Болд downloaded the course funnel (CSV). Filter: grouped by: by aimag.",
  },
  {
    name: "the events report",
    entry: { action: "report.export.events", targetType: "report", targetId: "events", detail: { filter: { campaign: "c-1" }, format: "csv" } },
    mn: "Б. Болд танхимын сургалтын тайлан татсан (CSV). Шүүлтүүр: аян: «Хаврын аян».",
    en: "Б. Болд downloaded the training events report (CSV). Filter: campaign: «Spring campaign».",
  },
  {
    name: "the events' participant list",
    entry: {
      action: "report.export.eventsDetail",
      targetType: "report",
      targetId: "events",
      detail: { filter: { event: "ev-1", detail: "1" }, format: "xlsx" },
    },
    mn: "Б. Болд танхимын сургалтын оролцогчдын жагсаалт татсан (Excel). Шүүлтүүр: сургалтын арга хэмжээ: «Баянхонгорын сургалт».",
    en: "Б. Болд downloaded the list of training event participants (Excel). Filter: training event: «Bayankhongor training».",
  },
  {
    name: "an exam's attempts list",
    entry: {
      action: "report.export.examAttempts",
      targetType: "report",
      targetId: "examAttempts",
      detail: { filter: { course: "civil-service", quiz: "final" }, format: "csv" },
    },
    mn: "Б. Болд шалгалтын оролдлогын жагсаалт татсан (CSV). Шүүлтүүр: сургалт: «Иргэний үйлчилгээ», шалгалт: final.",
    en: "Б. Болд downloaded the list of exam attempts (CSV). Filter: course: «Citizen services», exam: final.",
  },
  {
    name: "an event planned",
    entry: { action: "event.create", targetType: "training_event", targetId: "ev-1", detail: { title: "Баянхонгорын сургалт", aimag: "MN-069" } },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтын арга хэмжээ төлөвлөсөн (Баянхонгор).",
    en: "Б. Болд planned the training event «Bayankhongor training» (Bayankhongor).",
  },
  {
    name: "an event edited, letting two in from the waiting list",
    entry: { action: "event.update", targetType: "training_event", targetId: "ev-1", detail: { title: "Баянхонгорын сургалт", promoted: [DORJ, SARAA] } },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтын арга хэмжээг засварласан. Хүлээлгийн жагсаалтаас 2 хүн бүртгэлд орсон.",
    en: "Б. Болд edited the training event «Bayankhongor training». 2 people moved up from the waiting list.",
  },
  {
    name: "an event cancelled, since deleted: the recorded title",
    entry: { action: "event.cancel", targetType: "training_event", targetId: "ev-gone", detail: { title: "Өвлийн сургалт" } },
    mn: "Б. Болд «Өвлийн сургалт» сургалтын арга хэмжээг цуцалсан.",
    en: "Б. Болд cancelled the training event «Өвлийн сургалт».",
  },
  {
    name: "a promotion from the waiting list",
    entry: { action: "event.promote", actorId: null, targetType: "training_event", targetId: "ev-1", detail: { userId: DORJ } },
    mn: "Г. Дорж хүлээлгийн жагсаалтаас «Баянхонгорын сургалт» сургалтад орсон.",
    en: "Г. Дорж moved up from the waiting list into «Bayankhongor training».",
  },
  {
    name: "registering oneself",
    entry: {
      action: "event.register",
      actorId: DORJ,
      targetType: "training_event",
      targetId: "ev-1",
      detail: { userId: DORJ, status: "registered", walkIn: false },
    },
    mn: "Г. Дорж «Баянхонгорын сургалт» сургалтад бүртгүүлсэн.",
    en: "Г. Дорж registered for «Bayankhongor training».",
  },
  {
    name: "registered by staff onto the waiting list",
    entry: { action: "event.register", targetType: "training_event", targetId: "ev-1", detail: { userId: DORJ, status: "waiting", walkIn: false } },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтын хүлээлгийн жагсаалтад бүртгэсэн: Г. Дорж.",
    en: "Б. Болд put Г. Дорж on the waiting list of «Bayankhongor training».",
  },
  {
    name: "a registration cancelled by staff, one let in",
    entry: { action: "event.unregister", targetType: "training_event", targetId: "ev-1", detail: { userId: DORJ, was: "registered", promoted: [SARAA] } },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтын бүртгэлийг цуцалсан: Г. Дорж. Хүлээлгийн жагсаалтаас 1 хүн бүртгэлд орсон.",
    en: "Б. Болд cancelled the registration of Г. Дорж for «Bayankhongor training». 1 person moved up from the waiting list.",
  },
  {
    name: "a registration cancelled by oneself",
    entry: {
      action: "event.unregister",
      actorId: DORJ,
      targetType: "training_event",
      targetId: "ev-1",
      detail: { userId: DORJ, was: "waiting", promoted: [] },
    },
    mn: "Г. Дорж «Баянхонгорын сургалт» сургалтын бүртгэлээ цуцалсан.",
    en: "Г. Дорж cancelled their registration for «Bayankhongor training».",
  },
  {
    name: "a roll call",
    entry: { action: "attendance.mark", targetType: "training_event", targetId: "ev-1", detail: { sessionId: "s-1", source: "sheet", people: 14 } },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтын ирц бүртгэсэн — хичээл 2027.03.30 10:00, 14 хүн, цаасан хуудаснаас.",
    en: "Б. Болд took the roll at «Bayankhongor training» — session 30/03/2027 10:00, 14 people, from the paper sheet.",
  },
  {
    name: "a mark corrected",
    entry: {
      action: "attendance.correct",
      targetType: "training_event",
      targetId: "ev-1",
      detail: { sessionId: "s-1", userId: DORJ, from: "absent", to: "present", previousBy: SARAA },
    },
    mn: "Б. Болд «Баянхонгорын сургалт» сургалтын ирцийг зассан — хичээл 2027.03.30 10:00, Г. Дорж: Ирээгүй → Ирсэн.",
    en: "Б. Болд corrected the attendance at «Bayankhongor training» — session 30/03/2027 10:00, Г. Дорж: Absent → Present.",
  },
  {
    name: "credit withdrawn by a correction",
    entry: {
      action: "attendance.creditWithdrawn",
      targetType: "certificate",
      targetId: "cert-1",
      detail: { userId: DORJ, course: "civil-service", eventId: "ev-1", reviewId: "r-1" },
    },
    mn: "Ирцийн засвараар Г. Дорж суралцагч «Баянхонгорын сургалт» сургалтын ирцийн шаардлага хангахаа больсон; «Иргэний үйлчилгээ» сургалтын ERD-2027-000123 дугаартай гэрчилгээг админ шийднэ.",
    en: "After an attendance correction Г. Дорж no longer meets the attendance requirement of «Bayankhongor training»; an administrator is to decide about certificate ERD-2027-000123 for «Citizen services».",
  },
  {
    name: "a campaign",
    entry: { action: "campaign.create", targetType: "campaign", targetId: "c-1", detail: { title: "Хаврын аян" } },
    mn: "Б. Болд «Хаврын аян» аян үүсгэсэн.",
    en: "Б. Болд started the campaign «Spring campaign».",
  },
  {
    name: "a review decided: kept",
    entry: {
      action: "creditReview.resolve",
      actorId: ADMIN,
      targetType: "certificate",
      targetId: "cert-1",
      detail: { reviewId: "r-1", decision: "kept", reason: "", userId: DORJ, course: "civil-service", eventId: "ev-1" },
    },
    mn: "Г. Сарангэрэл ирцийн засварын дараа Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын гэрчилгээг хэвээр үлдээсэн («Баянхонгорын сургалт»).",
    en: "Г. Сарангэрэл kept the certificate of Г. Дорж for «Citizen services» after the attendance correction («Bayankhongor training»).",
  },
  {
    name: "a review decided: revoked",
    entry: {
      action: "creditReview.resolve",
      actorId: ADMIN,
      targetType: "certificate",
      targetId: "cert-1",
      detail: { reviewId: "r-1", decision: "revoked", reason: "Ирээгүй", userId: DORJ, course: "civil-service", eventId: "ev-1" },
    },
    mn: "Г. Сарангэрэл ирцийн засварын дараа Г. Дорж суралцагчийн «Иргэний үйлчилгээ» сургалтын гэрчилгээг цуцалсан («Баянхонгорын сургалт»). Шалтгаан: «Ирээгүй».",
    en: "Г. Сарангэрэл revoked the certificate of Г. Дорж for «Citizen services» after the attendance correction («Bayankhongor training»). Reason: “Ирээгүй”.",
  },
];

describe("audit entries in words", () => {
  for (const c of CASES)
    it(c.name, () => {
      expect(say(c.entry, "mn")).toBe(c.mn);
      expect(say(c.entry, "en")).toBe(c.en);
    });

  it("reads an action it does not know as words too: its name, its target and its detail's pairs, never JSON", () => {
    const entry = {
      action: "enrolment.somethingNew",
      targetType: "enrolment",
      targetId: "e-1",
      detail: { userId: DORJ, course: "civil-service", at: "2027-03-31T04:30:00.000Z", urgent: true, tries: 3, notes: ["a", "b"], nested: { from: 1, to: 2 } },
    };
    expect(say(entry, "en")).toBe(
      "Б. Болд: enrolment something new — enrolment (learner: Г. Дорж, course: «Citizen services», at: 31/03/2027 12:30, urgent: yes, tries: 3, notes: a, b, nested: (from: 1, to: 2))",
    );
    expect(say(entry, "mn")).toBe(
      "Б. Болд: enrolment something new — бүртгэл (суралцагч: Г. Дорж, сургалт: «Иргэний үйлчилгээ», at: 2027.03.31 12:30, urgent: тийм, tries: 3, notes: a, b, nested: (эхлэх: 1, хүртэл: 2))",
    );
    // a known action's label names it; a detail that is no object still reads
    expect(say({ action: "user.somethingElse", detail: "plain" }, "en")).toBe("Б. Болд: user something else — Г. Дорж (plain)");
    for (const lng of ["mn", "en"] as const) expect(say({ action: "x.y", detail: { a: { b: { c: { d: 1 } } } } }, lng)).not.toMatch(/[{}"]/);
  });

  it("keeps a name's initial with the name", () => {
    const entry: AuditEntry = { action: "user.disable", actorId: ADMIN, targetType: "user", targetId: DORJ, detail: null };
    expect(describeAudit(entry, names, i18nInstance("en").getFixedT(null, "common"), "en")).toBe("Г.\u00a0Сарангэрэл disabled the account of Г.\u00a0Дорж.");
  });

  it("names people it cannot find and the system as such", () => {
    expect(say({ action: "user.register", actorId: "u-gone", targetId: "u-gone" }, "mn")).toBe("(тодорхойгүй хэрэглэгч) бүртгүүлсэн.");
    expect(say({ action: "user.disable", actorId: null, targetId: DORJ }, "en")).toBe("The system disabled the account of Г. Дорж.");
  });

  it("asks for the names of everything its sentences mention, and of no more learners than it names", () => {
    const refs = auditReferences(
      CASES.map((c) => ({ actorId: BOLD, targetType: "user", targetId: DORJ, detail: null, ...c.entry })).concat([
        {
          action: "enrolment.assign.filter",
          actorId: ADMIN,
          targetType: "course",
          targetId: "civil-service",
          detail: { count: 1000, userIds: Array.from({ length: 1000 }, (_, i) => `many-${i}`) },
        },
      ]),
    );
    for (const id of [ADMIN, BOLD, DORJ, SARAA, BAT]) expect(refs.users.has(id), id).toBe(true);
    expect([...refs.users].filter((id) => id.startsWith("many-"))).toEqual(["many-0", "many-1", "many-2"]);
    expect([...refs.courses]).toEqual(["civil-service"]);
    for (const id of ["ev-1", "ev-gone"]) expect(refs.events.has(id)).toBe(true);
    expect([...refs.sessions]).toEqual(["s-1"]);
    expect(refs.campaigns.has("c-1")).toBe(true);
    expect(refs.certificates.has("cert-1")).toBe(true);
    expect(refs.aimags.has("MN-069")).toBe(true);
    expect(refs.sums.has("sum-1")).toBe(true);
    expect(refs.organisations.has("org-1")).toBe(true);
  });
});

// ---- every action the code records has its own sentence

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !f.includes(".test.") ? [p] : [];
  });
}

/** What each action built from a template literal can be; a new one must be listed here (and described). */
const TEMPLATE_ACTIONS: Record<string, string[]> = {
  "enrolment.assign.": ["individual", "search", "filter", "csv-confirm", "xlsx"],
  "organisation.": ["update", "archive", "unarchive"],
  "report.export.": ["summary", "learners", "funnel"],
  "report.export.events": ["", "Detail"],
};

/** The argument text of every recordAudit(…) call in a source file (parentheses balanced). */
function auditCalls(src: string): string[] {
  const calls: string[] = [];
  for (let at = src.indexOf("recordAudit("); at >= 0; at = src.indexOf("recordAudit(", at + 1)) {
    let depth = 0;
    let end = at + "recordAudit".length;
    for (; end < src.length; end++) {
      if (src[end] === "(") depth++;
      else if (src[end] === ")" && --depth === 0) break;
    }
    calls.push(src.slice(at, end + 1));
  }
  return calls;
}

describe("the actions the code records", () => {
  const files = sources(path.resolve(__dirname, "../..")).filter((f) => readFileSync(f, "utf8").includes("recordAudit("));
  const CATEGORY = "(?:user|certificate|enrolment|report|organisation|sum|event|attendance|campaign|creditReview|course)";

  it("are found in the sources", () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it("each have a describer, literal and templated alike", () => {
    const actions = new Set<string>();
    const templates = new Set<string>();
    for (const f of files) {
      const src = auditCalls(readFileSync(f, "utf8")).join("\n");
      for (const m of src.matchAll(new RegExp(`"(${CATEGORY}\\.[A-Za-z_.-]+)"`, "g"))) actions.add(m[1]);
      for (const m of src.matchAll(new RegExp(`\`(${CATEGORY}\\.[A-Za-z_.-]*)\\$\\{`, "g"))) templates.add(m[1]);
    }
    expect([...templates].filter((prefix) => !(prefix in TEMPLATE_ACTIONS))).toEqual([]);
    for (const [prefix, ends] of Object.entries(TEMPLATE_ACTIONS)) for (const end of ends) actions.add(prefix + end);
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((a) => !hasDescriber(a))).toEqual([]);
    // and each of those is among the cases above, in both languages
    const tested = new Set(CASES.map((c) => c.entry.action));
    expect([...actions].filter((a) => !tested.has(a))).toEqual([]);
  });
});
