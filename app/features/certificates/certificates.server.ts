// Certificates: issuing (on completion, on renewal, or by an administrator for an offline
// completion), serial numbers, verification states and revocation. Every change is audited.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely, Selectable } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { CertificateTable, DB } from "../../../db/schema";
import { database, db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { publicBase } from "./base-url.server";
import { notice, notify } from "~/features/notifications/notify.server";

export type Certificate = Selectable<CertificateTable>;
export type CertificateState = "valid" | "expired" | "revoked";

/** Certificates can be renewed from this many days before they expire. */
export const RENEWAL_WINDOW_DAYS = 60;

/**
 * Increments a named counter and returns the new value, in one atomic upsert (the first use of a
 * counter races too: two transactions must not both insert it).
 */
async function nextCounter(trx: Kysely<DB>, name: string): Promise<number> {
  const row = await trx
    .insertInto("counter")
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet((eb) => ({ value: eb("counter.value", "+", 1) })))
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export function formatSerial(year: number, n: number): string {
  return `EMA-${year}-${String(n).padStart(6, "0")}`;
}

/** The same day `months` later, or the month's last day when it has fewer days (a certificate's expiry). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCMonth(d.getUTCMonth() + months);
  if (d.getUTCDate() < day) d.setUTCDate(0); // 31 Jan + 1 month → 28/29 Feb
  return d;
}

export function certificateState(cert: Pick<Certificate, "revoked_at" | "expires_at">, now = new Date()): CertificateState {
  if (cert.revoked_at) return "revoked";
  if (cert.expires_at && new Date(cert.expires_at) <= now) return "expired";
  return "valid";
}

/** From when a certificate can be renewed (RENEWAL_WINDOW_DAYS before it expires); null for one that does not expire. */
export function renewalOpensAt(cert: Pick<Certificate, "expires_at">): Date | null {
  return cert.expires_at ? new Date(new Date(cert.expires_at).getTime() - RENEWAL_WINDOW_DAYS * 86400_000) : null;
}

export function renewalDue(cert: Pick<Certificate, "revoked_at" | "expires_at">, now = new Date()): boolean {
  if (cert.revoked_at) return false;
  const opens = renewalOpensAt(cert);
  return opens !== null && opens.getTime() <= now.getTime();
}

/**
 * The certificate that speaks for a learner's course among their certificates (newest first, as
 * `listUserCertificates` gives them): the newest unrevoked one — a renewal supersedes the one it
 * renews — or else the newest, revoked.
 */
export function currentCertificate<C extends Pick<Certificate, "course_slug" | "revoked_at">>(certs: C[], courseSlug: string): C | null {
  const ofCourse = certs.filter((c) => c.course_slug === courseSlug);
  return ofCourse.find((c) => !c.revoked_at) ?? ofCourse[0] ?? null;
}

export interface IssueOptions {
  issuedBy?: string | null;
  offlineReason?: string | null;
  renewedFrom?: string | null;
  now?: Date;
  /**
   * The use case's write transaction. Learners get certificates only through the completion
   * service (features/enrolment/completion.server.ts), which passes its transaction so that the
   * enrolment, the certificate and the audit row commit together. Without it (test fixtures) the
   * certificate gets a transaction of its own.
   */
  executor?: Kysely<DB>;
}

/**
 * Issues a certificate for a completed course, with its audit row. Serial and status index are
 * allocated in the same transaction.
 */
export async function issueCertificate(userId: string, course: CourseEntry, opts: IssueOptions = {}): Promise<Certificate> {
  if (!opts.executor) return writeTransaction(database, (trx) => issueCertificate(userId, course, { ...opts, executor: trx }));
  const trx = opts.executor;
  const now = opts.now ?? new Date();
  const user = await trx
    .selectFrom("users")
    .innerJoin("aimag", "aimag.code", "users.aimag_code")
    .innerJoin("organisation", "organisation.id", "users.organisation_id")
    .select([
      "users.surname",
      "users.given_name",
      "users.aimag_code",
      "aimag.name_mn as aimag_mn",
      "aimag.name_en as aimag_en",
      "organisation.name_mn as org_mn",
      "organisation.name_en as org_en",
    ])
    .where("users.id", "=", userId)
    .executeTakeFirstOrThrow();
  const ubYear = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  const serialNo = await nextCounter(trx, `serial:${ubYear}`);
  const statusIndex = await nextCounter(trx, "status-index");
  const cert: Certificate = {
    id: crypto.randomUUID(),
    serial: formatSerial(ubYear, serialNo),
    code: encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20))),
    status_index: statusIndex,
    user_id: userId,
    course_slug: course.slug,
    course_version: course.meta.version,
    course_title_mn: course.meta.title.mn,
    course_title_en: course.meta.title.en,
    hours: course.meta.hours,
    learner_name: `${user.surname} ${user.given_name}`,
    learner_surname: user.surname,
    aimag_code: user.aimag_code,
    aimag_mn: user.aimag_mn,
    aimag_en: user.aimag_en,
    organisation_mn: user.org_mn,
    organisation_en: user.org_en,
    issued_at: now.toISOString(),
    expires_at: course.meta.certificateValidityMonths ? addMonths(now, course.meta.certificateValidityMonths).toISOString() : null,
    issued_by: opts.issuedBy ?? null,
    offline_reason: opts.offlineReason ?? null,
    renewed_from: opts.renewedFrom ?? null,
    revoked_at: null,
    revoked_reason: null,
    revoked_by: null,
  };
  await trx.insertInto("certificate").values(cert).execute();
  await notify(
    trx,
    [
      notice({
        userId,
        kind: "certificate_issued",
        params: { course: course.meta.title, serial: cert.serial, verify: `${publicBase()}/verify/${cert.code}` },
        link: "/certificates",
        dedupeKey: `certificate_issued:${cert.id}`,
      }),
    ],
    now,
  );
  await recordAudit(
    {
      actorId: opts.issuedBy ?? null,
      action: opts.renewedFrom ? "certificate.renew" : opts.offlineReason ? "certificate.issue_offline" : "certificate.issue",
      targetType: "certificate",
      targetId: cert.id,
      detail: { serial: cert.serial, userId, course: course.slug, reason: opts.offlineReason ?? undefined, renewedFrom: opts.renewedFrom ?? undefined },
    },
    trx,
  );
  return cert;
}

export function findCertificateByCode(code: string) {
  return db.selectFrom("certificate").selectAll().where("code", "=", code.toLowerCase()).executeTakeFirst();
}

export function findCertificate(id: string) {
  return db.selectFrom("certificate").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findCertificateBySerialAndSurname(serial: string, surname: string) {
  return db
    .selectFrom("certificate")
    .selectAll()
    .where("serial", "=", serial.trim().toUpperCase())
    .where((eb) => eb(eb.fn("lower", ["learner_surname"]), "=", surname.trim().toLowerCase()))
    .executeTakeFirst();
}

export function listUserCertificates(userId: string) {
  return db.selectFrom("certificate").selectAll().where("user_id", "=", userId).orderBy("issued_at", "desc").execute();
}

/** The newest unrevoked certificate of a learner for a course. */
export function latestCertificate(userId: string, courseSlug: string, executor: Kysely<DB> = db) {
  return executor
    .selectFrom("certificate")
    .selectAll()
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .where("revoked_at", "is", null)
    .orderBy("issued_at", "desc")
    .executeTakeFirst();
}

export function listRevokedIndexes() {
  return db.selectFrom("certificate").select("status_index").where("revoked_at", "is not", null).execute();
}

/** The highest status-list index handed out so far (the list must cover every issued credential). */
export async function highestStatusIndex(): Promise<number> {
  const row = await db
    .selectFrom("certificate")
    .select((eb) => eb.fn.max("status_index").as("max"))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** The holder's e-mail address, hashed into the credential so a verifier can match it to the person. */
export async function findHolderEmail(userId: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst();
  return row?.email;
}

export async function searchCertificates(q: string, limit = 50) {
  const term = q.trim().toLowerCase();
  let query = db.selectFrom("certificate").innerJoin("users", "users.id", "certificate.user_id").selectAll("certificate").select("users.email");
  if (term) {
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["certificate.serial"]), "like", `%${term}%`),
        eb("users.email", "like", `%${term}%`),
        eb(eb.fn("lower", ["certificate.learner_name"]), "like", `%${term}%`),
      ]),
    );
  }
  return query.orderBy("certificate.issued_at", "desc").limit(limit).execute();
}

/** Revokes a certificate (once); inside a caller's transaction when `executor` is given. */
export async function revokeCertificate(id: string, reason: string, by: string, now = new Date(), executor?: Kysely<DB>): Promise<boolean> {
  if (!executor) return writeTransaction(database, (trx) => revokeCertificate(id, reason, by, now, trx));
  const res = await executor
    .updateTable("certificate")
    .set({ revoked_at: now.toISOString(), revoked_reason: reason, revoked_by: by })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  const changed = Number(res.numUpdatedRows) > 0;
  if (changed) await recordAudit({ actorId: by, action: "certificate.revoke", targetType: "certificate", targetId: id, detail: { reason } }, executor);
  return changed;
}

/**
 * A renewal after an exam pass: a new certificate when the newest one is due for renewal and the
 * pass came after it was issued; null otherwise. Run by the completion service inside the
 * grading transaction (pass `executor`); on its own it takes a transaction of its own.
 */
export async function renewIfDue(userId: string, course: CourseEntry, passedAt: string, now = new Date(), executor?: Kysely<DB>): Promise<Certificate | null> {
  if (!executor) return writeTransaction(database, (trx) => renewIfDue(userId, course, passedAt, now, trx));
  const latest = await latestCertificate(userId, course.slug, executor);
  if (!latest || !renewalDue(latest, now) || passedAt <= latest.issued_at) return null;
  return issueCertificate(userId, course, { renewedFrom: latest.id, now, executor });
}
