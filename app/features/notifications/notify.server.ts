// The one way Erdem tells a person something (decision 032): `notify` writes the in-app
// notification and, when the person wants that topic by e-mail, queues the e-mail, both in the
// caller's transaction, so that they exist exactly when the event does. The dedupe key makes it
// idempotent: a reminder found twice (two servers, a run caught up after downtime) is written once,
// and its e-mail queued once.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";
import { writeTransaction } from "../../../db/connection";
import { config } from "~/config.server";
import { database } from "~/db.server";
import { isLanguage, type Language } from "~/i18n/config";
import { shortName } from "~/i18n/format";
import { i18nInstance } from "~/i18n/i18next.server";
import { KIND_TOPIC, type KindParams, type NotificationKind, notificationText, TOPICS, type Topic } from "./kinds";
import { queueMail } from "./outbox.server";
import { notificationMail } from "./templates.server";

export interface Notice<K extends NotificationKind = NotificationKind> {
  userId: string;
  kind: K;
  params: KindParams[K];
  /** A path in the app ("/courses/…"); e-mails get it with the public origin in front. */
  link: string;
  dedupeKey: string;
}

/** A notice of one kind, typed by its kind. */
export const notice = <K extends NotificationKind>(n: Notice<K>): Notice => n as unknown as Notice;

/** Topics that come by e-mail unless a person turns them off: all of them. */
export const EMAIL_BY_DEFAULT: Record<Topic, boolean> = { assignment: true, due: true, certificate: true, event: true, digest: true };

/**
 * Writes the notices in the caller's transaction: each one's notification (once per dedupe key),
 * and its e-mail for people who want the topic by e-mail. Disabled accounts are told nothing.
 * Returns how many notifications were new.
 */
export async function notify(trx: Kysely<DB>, notices: Notice[], now = new Date()): Promise<number> {
  if (!notices.length) return 0;
  const userIds = [...new Set(notices.map((n) => n.userId))];
  const people = new Map<string, { email: string; surname: string; given_name: string; locale: string; disabled_at: string | null }>();
  const preferences = new Map<string, boolean>();
  for (let i = 0; i < userIds.length; i += 500) {
    const chunk = userIds.slice(i, i + 500);
    for (const u of await trx.selectFrom("users").select(["id", "email", "surname", "given_name", "locale", "disabled_at"]).where("id", "in", chunk).execute())
      people.set(u.id, u);
    for (const p of await trx.selectFrom("notification_preference").select(["user_id", "topic", "email"]).where("user_id", "in", chunk).execute())
      preferences.set(`${p.user_id}:${p.topic}`, p.email === 1);
  }
  let created = 0;
  for (const n of notices) {
    const person = people.get(n.userId);
    if (!person || person.disabled_at) continue;
    const inserted = await trx
      .insertInto("notification")
      .values({
        id: crypto.randomUUID(),
        user_id: n.userId,
        kind: n.kind,
        params: JSON.stringify(n.params),
        link: n.link,
        dedupe_key: n.dedupeKey,
        created_at: now.toISOString(),
        read_at: null,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .executeTakeFirst();
    if (!Number(inserted.numInsertedOrUpdatedRows ?? 0)) continue;
    created++;
    const topic = KIND_TOPIC[n.kind];
    if (!(preferences.get(`${n.userId}:${topic}`) ?? EMAIL_BY_DEFAULT[topic])) continue;
    const language: Language = isLanguage(person.locale) ? person.locale : "mn";
    const text = notificationText(i18nInstance(language).getFixedT(null, "common"), language, n.kind, n.params as unknown as Record<string, unknown>);
    await queueMail(
      trx,
      {
        kind: n.kind,
        userId: n.userId,
        to: person.email,
        language,
        dedupeKey: n.dedupeKey,
        ...notificationMail(language, { name: shortName(person), text, link: `${config.PUBLIC_URL}${n.link}` }),
      },
      now,
    );
  }
  return created;
}

// ---- the bell and its page

export async function listNotifications(executor: Kysely<DB>, userId: string, limit = 50) {
  const rows = await executor
    .selectFrom("notification")
    .select(["id", "kind", "params", "link", "created_at", "read_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.flatMap((r) => {
    if (!(r.kind in KIND_TOPIC)) return [];
    return [{ ...r, kind: r.kind as NotificationKind, params: JSON.parse(r.params) as Record<string, unknown> }];
  });
}

/** Marks one of the person's notifications read; returns its link, or null when it is not theirs. */
export async function openNotification(executor: Kysely<DB>, userId: string, id: string, now = new Date()): Promise<string | null> {
  const row = await executor.selectFrom("notification").select(["link", "read_at"]).where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (!row) return null;
  if (!row.read_at) await executor.updateTable("notification").set({ read_at: now.toISOString() }).where("id", "=", id).where("read_at", "is", null).execute();
  return row.link;
}

export async function markAllRead(executor: Kysely<DB>, userId: string, now = new Date()): Promise<number> {
  const r = await executor
    .updateTable("notification")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Each topic: whether it comes by e-mail for this person. */
export async function emailPreferences(executor: Kysely<DB>, userId: string): Promise<Record<Topic, boolean>> {
  const rows = await executor.selectFrom("notification_preference").select(["topic", "email"]).where("user_id", "=", userId).execute();
  const chosen = new Map(rows.map((r) => [r.topic, r.email === 1]));
  return Object.fromEntries(TOPICS.map((t) => [t, chosen.get(t) ?? EMAIL_BY_DEFAULT[t]])) as Record<Topic, boolean>;
}

/** Saves a person's choices: a row for each topic, replacing what was there, in one transaction. */
export function saveEmailPreferences(userId: string, email: Record<Topic, boolean>): Promise<void> {
  return writeTransaction(database, async (trx) => {
    await trx.deleteFrom("notification_preference").where("user_id", "=", userId).execute();
    await trx
      .insertInto("notification_preference")
      .values(TOPICS.map((topic) => ({ user_id: userId, topic, email: email[topic] ? 1 : 0 })))
      .execute();
  });
}
