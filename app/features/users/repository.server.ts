// Users and their roles: the only SQL for people.
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB, Role } from "../../../db/schema";
import { database, db } from "~/db.server";
import { byMongolianName } from "~/i18n/format";
import { amongTerm, hasTerm, searchWords, wordHits } from "./name-search.server";
import { normalisePhone } from "./schemas";

export interface NewUser {
  email: string;
  surname: string;
  givenName: string;
  position: string;
  organisationId: string;
  aimagCode: string;
  sumId: string;
  passwordHash: string;
  locale: string;
}

export class EmailTakenError extends Error {}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "23505" || err?.code === "SQLITE_CONSTRAINT_UNIQUE" || /UNIQUE constraint/.test(err?.message ?? "");
}

export async function insertUser(u: NewUser, roles: { role: Role; aimag_code?: string | null }[] = [{ role: "learner" }]) {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("users")
        .values({
          id,
          email: u.email.toLowerCase(),
          surname: u.surname,
          given_name: u.givenName,
          position: u.position,
          organisation_id: u.organisationId,
          aimag_code: u.aimagCode,
          sum_id: u.sumId,
          password_hash: u.passwordHash,
          locale: u.locale,
          created_at: now,
          updated_at: now,
          disabled_at: null,
        })
        .execute();
      if (roles.length) {
        await trx
          .insertInto("user_role")
          .values(roles.map((r) => ({ user_id: id, role: r.role, aimag_code: r.aimag_code ?? null, granted_at: now, granted_by: null })))
          .execute();
      }
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new EmailTakenError(u.email);
    throw e;
  }
  return id;
}

export function findUserByEmail(email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "password_hash", "disabled_at", "locale"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
}

export function emailExists(email: string) {
  return db.selectFrom("users").select("id").where("email", "=", email.trim().toLowerCase()).executeTakeFirst().then(Boolean);
}

export function findPasswordHash(userId: string) {
  return db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
}

/**
 * A person's outstanding reset links. Every change of their password, roles, aimag (a
 * coordinator's reach depends on it) or disabled state deletes them in its own transaction, so a
 * link never outlives the facts it was created under (decision 008). They are deleted before the
 * user row is written: every such transaction locks link, then user (as using a link does), so on
 * PostgreSQL two of them cannot deadlock.
 */
async function deleteResetLinksOf(executor: Kysely<DB>, userId: string) {
  await executor.deleteFrom("password_reset").where("user_id", "=", userId).execute();
}

/** Call inside the use case's transaction (`executor`): outstanding reset links go with the old password. */
export async function updatePasswordHash(executor: Kysely<DB>, userId: string, passwordHash: string) {
  await deleteResetLinksOf(executor, userId);
  await executor.updateTable("users").set({ password_hash: passwordHash, updated_at: new Date().toISOString() }).where("id", "=", userId).execute();
}

export async function updateProfile(
  userId: string,
  p: { surname: string; givenName: string; phone?: string; position: string; organisationId: string; aimagCode: string; sumId: string; locale: string },
) {
  await writeTransaction(database, async (trx) => {
    const before = await trx.selectFrom("users").select("aimag_code").where("id", "=", userId).executeTakeFirst();
    if (before && before.aimag_code !== p.aimagCode) await deleteResetLinksOf(trx, userId);
    await trx
      .updateTable("users")
      .set({
        surname: p.surname,
        given_name: p.givenName,
        ...(p.phone === undefined ? {} : { phone: p.phone || null }),
        position: p.position,
        organisation_id: p.organisationId,
        aimag_code: p.aimagCode,
        sum_id: p.sumId,
        locale: p.locale,
        updated_at: new Date().toISOString(),
      })
      .where("id", "=", userId)
      .execute();
  });
}

/** A user with names of their aimag, sum and organisation, and roles. */
export async function findUserDetail(userId: string) {
  const user = await db
    .selectFrom("users")
    .innerJoin("aimag", "aimag.code", "users.aimag_code")
    .innerJoin("sum", "sum.id", "users.sum_id")
    .innerJoin("organisation", "organisation.id", "users.organisation_id")
    .select([
      "users.id",
      "users.email",
      "users.phone",
      "users.surname",
      "users.given_name",
      "users.position",
      "users.aimag_code",
      "users.sum_id",
      "users.organisation_id",
      "users.locale",
      "users.created_at",
      "users.disabled_at",
      "aimag.name_mn as aimag_mn",
      "aimag.name_en as aimag_en",
      "sum.name_mn as sum_mn",
      "sum.name_en as sum_en",
      "organisation.name_mn as organisation_mn",
      "organisation.name_en as organisation_en",
    ])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!user) return null;
  const roles = await db.selectFrom("user_role").select(["role", "aimag_code"]).where("user_id", "=", userId).execute();
  return { ...user, roles };
}

export const USERS_PAGE_SIZE = 25;
/** The people list counts matches up to this many; beyond, it says "more than". */
export const USERS_COUNT_CAP = 10_000;
/** Below this many holders a role drives the people list; above, names are walked in order (as for a broad name search). */
const RARE = 2000;

/** Where a page of the people list starts or ends: a person's place in name order. */
export interface PersonCursor {
  surname: string;
  givenName: string;
  id: string;
}

export function encodePersonCursor(c: PersonCursor): string {
  return Buffer.from(JSON.stringify([c.surname, c.givenName, c.id])).toString("base64url");
}

/** A cursor from a link; anything else reads as none. */
export function decodePersonCursor(value: string | null): PersonCursor | null {
  if (!value || value.length > 800) return null;
  try {
    const v = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "string" && x.length <= 200)) return { surname: v[0], givenName: v[1], id: v[2] };
  } catch {}
  return null;
}

export interface PeopleFilter {
  aimags: "all" | string[];
  aimagCode?: string;
  sumId?: string;
  organisationId?: string;
  q?: string;
  role?: Role;
}

/**
 * One page of people in name order (surname, given name, id), after or before a cursor: keyset
 * paging on users_name_idx, so a late page costs what the first does. A name search is the one
 * rule of name-search.server (word starts over the name terms); its rarest word, or a rarely held
 * role, drives the query and its few matches are sorted, otherwise names are walked in order.
 * `total` is counted up to USERS_COUNT_CAP, and not at all for a search whose rarest word matches
 * 2,000 names or more (the page asks for more of the name).
 */
export async function listUsers(filter: PeopleFilter, page: { after?: PersonCursor; before?: PersonCursor; limit?: number } = {}) {
  const limit = page.limit ?? USERS_PAGE_SIZE;
  if (filter.aimags !== "all" && filter.aimags.length === 0) return { users: [], total: 0, more: false };
  const words = searchWords(filter.q);
  const hits = words.length ? await wordHits(words, RARE) : [];
  const driver = hits.length ? hits.indexOf(Math.min(...hits)) : -1;
  const broad = driver >= 0 && hits[driver] >= RARE;
  const role = filter.role;
  const rareRole =
    role && driver < 0
      ? Number(
          (await sql<{ n: number | string }>`select count(*) as n from (select 1 from user_role where role = ${role} limit ${RARE}) x`.execute(db)).rows[0]
            ?.n ?? 0,
        ) < RARE
      : false;
  // a place with many people (Ulaanbaatar, one of its districts) is found faster by walking names
  // in order than by sorting all its people: people_summary tells which, and on SQLite "+" keeps
  // the planner off the place's index (PostgreSQL decides from its statistics)
  const place: Expression<SqlBool>[] = [];
  if (filter.aimags !== "all") place.push(sql<SqlBool>`aimag_code in (${sql.join(filter.aimags)})`);
  if (filter.aimagCode) place.push(sql<SqlBool>`aimag_code = ${filter.aimagCode}`);
  if (filter.sumId) place.push(sql<SqlBool>`sum_id = ${filter.sumId}`);
  if (filter.organisationId) place.push(sql<SqlBool>`organisation_id = ${filter.organisationId}`);
  const crowded =
    place.length > 0 &&
    (driver < 0 || broad) &&
    !rareRole &&
    database.engine === "sqlite" &&
    Number(
      (await sql<{ n: number | string | null }>`select sum(people) as n from people_summary where ${sql.join(place, sql` and `)}`.execute(db)).rows[0]?.n ?? 0,
    ) >= RARE;
  const column = (name: string) => sql.raw(crowded ? `+users.${name}` : `users.${name}`);
  const where: Expression<SqlBool>[] = [];
  if (filter.aimags !== "all") where.push(sql<SqlBool>`${column("aimag_code")} in (${sql.join(filter.aimags)})`);
  if (filter.aimagCode) where.push(sql<SqlBool>`${column("aimag_code")} = ${filter.aimagCode}`);
  if (filter.sumId) where.push(sql<SqlBool>`${column("sum_id")} = ${filter.sumId}`);
  if (filter.organisationId) where.push(sql<SqlBool>`${column("organisation_id")} = ${filter.organisationId}`);
  // a broad search walks names: "+" keeps SQLite from fetching every match by id to sort them
  for (const [i, word] of words.entries())
    where.push(i === driver ? amongTerm(sql.raw(broad && database.engine === "sqlite" ? "+users.id" : "users.id"), word) : hasTerm(sql.ref("users.id"), word));
  if (role)
    where.push(
      rareRole
        ? sql<SqlBool>`users.id in (select r.user_id from user_role r where r.role = ${role})`
        : sql<SqlBool>`exists (select 1 from user_role r where r.user_id = users.id and r.role = ${role})`,
    );
  const condition = where.length ? sql<SqlBool>`${sql.join(where, sql` and `)}` : sql<SqlBool>`1 = 1`;
  const backwards = Boolean(page.before && !page.after);
  const cursor = page.after ?? page.before;
  const dir = backwards ? "desc" : "asc";
  const [rows, count] = await Promise.all([
    db
      .selectFrom("users")
      .innerJoin("aimag", "aimag.code", "users.aimag_code")
      .innerJoin("sum", "sum.id", "users.sum_id")
      .select([
        "users.id",
        "users.email",
        "users.surname",
        "users.given_name",
        "users.position",
        "users.disabled_at",
        "aimag.name_mn as aimag_mn",
        "aimag.name_en as aimag_en",
        "sum.name_mn as sum_mn",
        "sum.name_en as sum_en",
      ])
      .where(condition)
      .$if(Boolean(cursor), (q) =>
        q.where(
          sql<SqlBool>`(users.surname, users.given_name, users.id) ${sql.raw(backwards ? "<" : ">")} (${cursor!.surname}, ${cursor!.givenName}, ${cursor!.id})`,
        ),
      )
      .orderBy("users.surname", dir)
      .orderBy("users.given_name", dir)
      .orderBy("users.id", dir)
      .limit(limit + 1)
      .execute(),
    // a broad name search is not counted: the page asks for more of the name instead
    broad
      ? Promise.resolve({ rows: [] as { n: number | string }[] })
      : sql<{ n: number | string }>`select count(*) as n from (select 1 from users where ${condition} limit ${USERS_COUNT_CAP + 1}) x`.execute(db),
  ]);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (backwards) pageRows.reverse();
  const roles = pageRows.length
    ? await db
        .selectFrom("user_role")
        .select(["user_id", "role"])
        .where(
          "user_id",
          "in",
          pageRows.map((r) => r.id),
        )
        .execute()
    : [];
  return {
    users: pageRows.map((r) => ({ ...r, roles: roles.filter((x) => x.user_id === r.id).map((x) => x.role) })),
    /** Null for a broad name search, which is not counted. */
    total: broad ? null : Number(count.rows[0]?.n ?? 0),
    more,
  };
}

/** Call inside the use case's transaction (`trx`); the person's reset links are deleted with the old roles. */
export async function replaceRoles(trx: Kysely<DB>, userId: string, roles: { role: Role; aimag_code: string | null }[], grantedBy: string) {
  const now = new Date().toISOString();
  await deleteResetLinksOf(trx, userId);
  await trx.deleteFrom("user_role").where("user_id", "=", userId).execute();
  if (roles.length) {
    await trx
      .insertInto("user_role")
      .values(roles.map((r) => ({ user_id: userId, role: r.role, aimag_code: r.aimag_code, granted_at: now, granted_by: grantedBy })))
      .execute();
  }
}

/** Call inside the use case's transaction (`trx`); the person's reset links are deleted either way. */
export async function setDisabled(trx: Kysely<DB>, userId: string, disabled: boolean) {
  await deleteResetLinksOf(trx, userId);
  await trx
    .updateTable("users")
    .set({ disabled_at: disabled ? new Date().toISOString() : null, updated_at: new Date().toISOString() })
    .where("id", "=", userId)
    .execute();
}

/**
 * A minimal account made on the spot for a walk-in at a training: learner role, no usable
 * password (staff give them a reset link later), inside the caller's transaction.
 */
export async function insertWalkInUser(
  trx: Kysely<DB>,
  u: { email: string; phone: string | null; surname: string; givenName: string; aimagCode: string; sumId: string; organisationId: string; locale: string },
) {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  try {
    await trx
      .insertInto("users")
      .values({
        id,
        email: u.email.toLowerCase(),
        phone: u.phone,
        surname: u.surname,
        given_name: u.givenName,
        position: "",
        organisation_id: u.organisationId,
        aimag_code: u.aimagCode,
        sum_id: u.sumId,
        // not a hash any verifier accepts: nobody can sign in until a reset link sets a password
        password_hash: "!walk-in",
        locale: u.locale,
        created_at: now,
        updated_at: now,
        disabled_at: null,
      })
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw new EmailTakenError(u.email);
    throw e;
  }
  await trx.insertInto("user_role").values({ user_id: id, role: "learner", aimag_code: null, granted_at: now, granted_by: null }).execute();
  return id;
}

/**
 * People found by name, e-mail or phone for a trainer adding a walk-in: at most `limit`, in the
 * aimags given ("all" for any). Names match case-insensitively (Cyrillic too) from their start.
 */
export function searchPeople(query: string, opts: { aimags: "all" | string[]; limit?: number }) {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/[%_\\]/g, "");
  const digits = normalisePhone(q);
  let s = db
    .selectFrom("users")
    .innerJoin("sum", "sum.id", "users.sum_id")
    .select([
      "users.id",
      "users.surname",
      "users.given_name",
      "users.email",
      "users.phone",
      "users.aimag_code",
      "sum.name_mn as sum_mn",
      "sum.name_en as sum_en",
    ])
    .where("users.disabled_at", "is", null);
  if (opts.aimags !== "all") s = opts.aimags.length ? s.where("users.aimag_code", "in", opts.aimags) : s.where("users.id", "=", "");
  if (!q) return Promise.resolve([]);
  s = s.where((eb) => {
    const words = q.split(/\s+/).filter(Boolean);
    const byName = eb.and(
      words.map((w) => eb.or([eb(eb.fn("lower", ["users.surname"]), "like", `${w}%`), eb(eb.fn("lower", ["users.given_name"]), "like", `${w}%`)])),
    );
    const alternatives = [byName, eb("users.email", "=", q)];
    if (/^[\d\s+()-]+$/.test(q) && digits.length >= 6) alternatives.push(eb("users.phone", "=", digits));
    return eb.or(alternatives);
  });
  return s
    .orderBy("users.surname")
    .orderBy("users.given_name")
    .limit(opts.limit ?? 20)
    .execute();
}

/**
 * Rows read beyond the limit: a person two of whose names start alike (Батын Батболд) comes once
 * per name; the few such pairs on a page must not leave it short.
 */
const SPARE_ROWS = 20;

/**
 * The query behind searchUsers (exported so that a test can read its plan). Each word must be the
 * start of the person's surname, given name or e-mail address. The first word is a range of
 * user_name_term's key (the terms are kept by triggers on users, decision 023), walked in key order
 * and stopped at the limit: a prefix that thousands of names share ("бат") costs what the page
 * shows, not what matches. The other words are checked on the people it finds. A range rather than
 * LIKE, because SQLite's LIKE cannot use an index under its case-insensitive default and
 * PostgreSQL's only with a C collation. A person whose several names match comes once per name:
 * the caller keeps the first.
 */
export function searchUsersQuery({ text, aimags, limit = 20 }: { text: string; aimags: "all" | string[]; limit?: number }) {
  const [first, ...rest] = searchWords(text);
  const range = (word: string) => [word, `${word}\uffff`] as const;
  const [from, to] = range(first ?? "");
  // SQLite takes a cross join's left table as the outer loop: without it, a search within an aimag
  // would start from the aimag's people and sort them all
  let q = db
    .selectFrom("user_name_term as t")
    .crossJoin("users")
    .whereRef("users.id", "=", "t.user_id")
    .innerJoin("sum", "sum.id", "users.sum_id")
    .innerJoin("organisation", "organisation.id", "users.organisation_id")
    .select([
      "users.id",
      "users.surname",
      "users.given_name",
      "users.email",
      "users.aimag_code",
      "users.disabled_at",
      "sum.name_mn as sum_mn",
      "sum.name_en as sum_en",
      "organisation.name_mn as organisation_mn",
      "organisation.name_en as organisation_en",
    ])
    .where("t.term", ">=", from)
    .where("t.term", "<", to);
  for (const word of rest) {
    const [wordFrom, wordTo] = range(word);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("user_name_term as w")
          .select("w.user_id")
          .whereRef("w.user_id", "=", "users.id")
          .where("w.term", ">=", wordFrom)
          .where("w.term", "<", wordTo),
      ),
    );
  }
  if (aimags !== "all") q = q.where("users.aimag_code", "in", aimags.length ? aimags : [""]);
  return q
    .orderBy("t.term")
    .orderBy("t.user_id")
    .limit(Math.max(1, Math.min(limit, 200)) + SPARE_ROWS);
}

/**
 * People found by the start of their surname, given name or e-mail address (each word of `text`,
 * case-insensitive, Cyrillic too: "бат" finds Батболд and Батсүх), in the aimags given ("all" for
 * any), at most `limit`: those whose matching name comes first alphabetically, listed in name
 * order. Disabled accounts are included with `disabled_at` set.
 */
export async function searchUsers(filter: { text: string; aimags: "all" | string[]; limit?: number }) {
  const words = searchWords(filter.text);
  if (!words.length) return [];
  const limit = Math.max(1, Math.min(filter.limit ?? 20, 200));
  // the rarest word leads: "бат тэмүүлэн" walks the few Тэмүүлэн, not every Бат
  const counts = words.length > 1 ? await wordHits(words, 20_000) : [0];
  const text = words
    .map((word, i) => ({ word, n: counts[i] }))
    .sort((a, b) => a.n - b.n)
    .map((w) => w.word)
    .join(" ");
  const seen = new Set<string>();
  const people = (await searchUsersQuery({ ...filter, text, limit }).execute()).filter((p) => !seen.has(p.id) && seen.add(p.id)).slice(0, limit);
  return people.sort(byMongolianName);
}
