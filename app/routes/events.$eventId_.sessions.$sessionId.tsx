// The roll call of one session on a phone: four big buttons per person, walk-ins added on the spot.
// Without JavaScript every tap is a form post (a server-made client id makes a resend harmless);
// with it, taps are queued on the phone and sent when there is signal (decision 018).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ATTENDANCE_MARKS, type AttendanceMark } from "../../db/schema";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { getUser, requireUser } from "~/features/auth/guards.server";
import { addWalkIn, recordMarks } from "~/features/events/events.server";
import { acknowledge, enqueue, pendingMarks, type QueuedMark, queueKey, readQueue } from "~/features/events/roll-call-queue";
import {
  MarkFormSchema,
  NewWalkInSchema,
  parseSyncBody,
  placeChoices,
  requireRollCall,
  rollCallList,
  type RollRow,
  SYNC_MAX,
  type SyncResult,
  sessionWhen,
  syncAnswer,
  walkInScope,
} from "~/features/events/roll-call.server";
import { findSessions } from "~/features/events/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import { findUserDetail, searchPeople } from "~/features/users/repository.server";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const ROUTE_ID = "routes/events.$eventId_.sessions.$sessionId";
const WALK_IN_FIELDS = ["surname", "givenName", "phone", "email", "aimagCode", "sumId"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const { event, session } = await requireRollCall(user, args.params.eventId, args.params.sessionId);
  const lng = await getLanguage(args.request);
  const [list, sessions, places] = await Promise.all([
    rollCallList(user, event.id, session.id, lng),
    findSessions(event.id),
    placeChoices(event.aimag_code, lng),
  ]);
  const q = (new URL(args.request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const listed = new Set([...list.registered, ...list.waiting].map((r) => r.userId));
  const found =
    q.length >= 2
      ? (await searchPeople(q, { aimags: walkInScope(user), limit: 20 })).map((p) => ({
          id: p.id,
          name: `${p.surname} ${p.given_name}`.trim(),
          place: lng === "en" ? p.sum_en : p.sum_mn,
          contact: [p.phone, p.email?.endsWith("@invalid") ? null : p.email].filter(Boolean).join(" · "),
          listed: listed.has(p.id),
        }))
      : null;
  const eventTitle = lng === "en" ? event.title_en : event.title_mn;
  const t = await getFixedT(args.request);
  return json(
    {
      title: await titleFor(args.request, `${t("rollCall.title")}: ${eventTitle}`, true),
      eventTitle,
      eventId: event.id,
      sessionId: session.id,
      cancelled: event.status === "cancelled",
      when: sessionWhen(session, lng),
      dayNo: sessions.findIndex((s) => s.id === session.id) + 1,
      dayCount: sessions.length,
      selfCheckIn: Boolean(session.self_check_in),
      me: user.id,
      ...list,
      q,
      found,
      places,
      eventAimag: event.aimag_code,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type WalkInErrors = Partial<Record<(typeof WALK_IN_FIELDS)[number], string>>;
type ActionData =
  | { intent: "walk-in-new"; errors: WalkInErrors; values: Record<string, string> }
  | { intent: string; error: string }
  | { results: SyncResult[] };

function wantsJson(request: Request) {
  return (request.headers.get("Accept") ?? "").includes("application/json");
}

export async function action(args: ActionFunctionArgs) {
  // the offline queue's sync must learn that the session ended, not follow a redirect to the login page
  if (!(await getUser(args)) && wantsJson(args.request)) return json({ error: "signedOut" }, { status: 401 });
  const user = await requireUser(args);
  const { event, session } = await requireRollCall(user, args.params.eventId, args.params.sessionId);
  const form = await readForm(args.request);
  const path = `/events/${event.id}/sessions/${session.id}`;
  const intent = String(form.get("intent") ?? "");
  const refused = (problem: "notFound" | "forbidden") =>
    problem === "forbidden" ? json({ error: "forbidden" }, { status: 403 }) : json({ error: "notFound" }, { status: 404 });

  switch (intent) {
    case "mark": {
      const parsed = MarkFormSchema.safeParse(Object.fromEntries(["userId", "clientId", "mark"].map((k) => [k, form.get(k) ?? ""])));
      if (!parsed.success) return json<ActionData>({ intent, error: "rollCall.errors.badMark" }, { status: 400 });
      const results = await recordMarks(user, session.id, [parsed.data]);
      if (!Array.isArray(results)) return refused(results.problem);
      const [r] = results;
      if (r.outcome === "refused") return redirectWithFlash(path, { key: "rollCall.notOnList", kind: "error" });
      return redirect(`${path}#row-${r.userId}`, { headers: { "Cache-Control": "no-store" } });
    }
    case "sync": {
      const marks = parseSyncBody(form.get("marks"));
      if (!marks) return json({ error: "badSync" }, { status: 400 });
      const results = await recordMarks(user, session.id, marks);
      if (!Array.isArray(results)) return refused(results.problem);
      return json({ results: await syncAnswer(session.id, results) }, { headers: { "Cache-Control": "no-store" } });
    }
    case "walk-in-existing": {
      const userId = String(form.get("userId") ?? "").slice(0, 100);
      const person = userId ? await findUserDetail(userId) : null;
      const scope = walkInScope(user);
      if (!person || person.disabled_at || (scope !== "all" && !scope.includes(person.aimag_code)))
        return json<ActionData>({ intent, error: "rollCall.walkIn.notFound" }, { status: 400 });
      const added = await addWalkIn(user, session.id, { userId: person.id }, "present");
      if ("problem" in added) return json<ActionData>({ intent, error: `events.problems.${added.problem}` }, { status: 400 });
      return redirectWithFlash(`${path}#row-${person.id}`, {
        key: "rollCall.walkIn.added",
        kind: "success",
        params: { name: `${person.surname} ${person.given_name}`.slice(0, 200) },
      });
    }
    case "walk-in-new": {
      const values = Object.fromEntries(WALK_IN_FIELDS.map((k) => [k, String(form.get(k) ?? "").slice(0, 200)]));
      const parsed = NewWalkInSchema.safeParse(values);
      if (!parsed.success) {
        const errors: WalkInErrors = {};
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as keyof WalkInErrors;
          errors[field] ??= issue.message.startsWith("rollCall.") ? issue.message : "rollCall.errors.invalid";
        }
        return json<ActionData>({ intent, errors, values }, { status: 400 });
      }
      const v = parsed.data;
      const added = await addWalkIn(
        user,
        session.id,
        {
          surname: v.surname,
          givenName: v.givenName,
          phone: v.phone || null,
          email: v.email || null,
          aimagCode: v.aimagCode,
          sumId: v.sumId,
          locale: await getLanguage(args.request),
        },
        "present",
      );
      if ("problem" in added) {
        if (added.problem === "emailTaken") return json<ActionData>({ intent, errors: { email: "events.problems.emailTaken" }, values }, { status: 400 });
        if (added.problem === "badPlace") return json<ActionData>({ intent, errors: { sumId: "events.problems.badPlace" }, values }, { status: 400 });
        return refused(added.problem);
      }
      return redirectWithFlash(`${path}#row-${added.userId}`, {
        key: "rollCall.walkIn.added",
        kind: "success",
        params: { name: `${v.surname} ${v.givenName}`.slice(0, 200) },
      });
    }
    default:
      return json<ActionData>({ intent, error: "errors.invalidChoice" }, { status: 400 });
  }
}

// ---- the page

type Notice = { by: string; at: string };
type ServerMark = { mark: AttendanceMark; by: string; at: string; mine: boolean };

/**
 * The phone's side of the roll call: taps go to the queue at once and are sent when there is a
 * connection; the queue loses an entry only when the server's answer names its client id.
 */
function useRollQueue(sessionId: string, me: string, syncUrl: string) {
  const key = queueKey(me, sessionId);
  const [enhanced, setEnhanced] = useState(false);
  const [queue, setQueue] = useState<QueuedMark[]>([]);
  const [online, setOnline] = useState(true);
  const [signedOut, setSignedOut] = useState(false);
  const [offlineReady, setOfflineReady] = useState(false);
  const [server, setServer] = useState<Record<string, ServerMark>>({});
  const [notices, setNotices] = useState<Record<string, Notice>>({});
  const busy = useRef(false);

  /** Asks the service worker to store the page as the server has it now (after marks were accepted, too). */
  const storeForOffline = useCallback(async () => {
    if (!("serviceWorker" in navigator)) return;
    const reg = await navigator.serviceWorker.ready;
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => {
      if ((e.data as { stored?: boolean })?.stored) setOfflineReady(true);
    };
    reg.active?.postMessage({ type: "store", url: window.location.pathname }, [channel.port2]);
  }, []);

  const sync = useCallback(async () => {
    if (busy.current) return;
    if (typeof navigator !== "undefined" && navigator.onLine === false) return;
    busy.current = true;
    let sent = false;
    try {
      for (;;) {
        const batch = readQueue(key).slice(0, SYNC_MAX);
        if (!batch.length) break;
        const res = await fetch(syncUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          body: new URLSearchParams({ intent: "sync", marks: JSON.stringify(batch) }),
        });
        if (res.status === 401) {
          setSignedOut(true);
          break;
        }
        if (!res.ok) break;
        const body = (await res.json()) as { results?: SyncResult[] };
        const results = body.results ?? [];
        if (!results.length) break;
        setSignedOut(false);
        sent = true;
        const before = readQueue(key).length;
        const left = acknowledge(
          key,
          results.map((r) => r.clientId),
        );
        setQueue(left);
        const progressed = left.length < before;
        const answered: Record<string, ServerMark> = {};
        const superseded: Record<string, Notice> = {};
        for (const r of results) {
          if (r.current) answered[r.userId] = { mark: r.current.mark, by: r.current.by, at: r.current.at, mine: r.current.byId === me };
          if (r.outcome === "superseded" && r.current) superseded[r.userId] = { by: r.current.by, at: r.current.at };
        }
        setServer((s) => ({ ...s, ...answered }));
        setNotices((n) => {
          const next = { ...n, ...superseded };
          // a mark of this phone's that now stands clears an earlier notice
          for (const r of results) if (r.outcome === "applied") delete next[r.userId];
          return next;
        });
        if (!progressed) break;
      }
      if (sent) void storeForOffline().catch(() => undefined);
    } catch {
      // no connection after all (or it dropped mid-send): everything unanswered stays queued
    } finally {
      busy.current = false;
    }
  }, [key, me, syncUrl, storeForOffline]);

  useEffect(() => {
    setEnhanced(true);
    setQueue(readQueue(key));
    setOnline(navigator.onLine !== false);
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    const timer = window.setInterval(() => void sync(), 15_000);
    void sync();
    // keep this page (and what it loads) on the phone for the session; only this page registers the worker
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register("/roll-call-sw.js", { scope: "/events/" })
        .then(() => storeForOffline())
        .catch(() => undefined);
    }
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
      window.clearInterval(timer);
    };
  }, [key, sync, storeForOffline]);

  const tap = useCallback(
    (userId: string, mark: AttendanceMark) => {
      setQueue(enqueue(key, { userId, mark }));
      setNotices((n) => {
        const { [userId]: _, ...rest } = n;
        return rest;
      });
      void sync();
    },
    [key, sync],
  );

  return { enhanced, queue, online, signedOut, offlineReady, server, notices, tap };
}

const MARK_STYLE: Record<AttendanceMark, string> = {
  present: "border-success bg-success text-white",
  late: "border-primary bg-primary text-white",
  absent: "border-danger bg-danger text-white",
  excused: "border-slate-700 bg-slate-700 text-white",
};

function Check() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 shrink-0" fill="currentColor">
      <path d="M7.6 14.2 3.4 10l1.4-1.4 2.8 2.8 7.6-7.6 1.4 1.4z" />
    </svg>
  );
}

function RollRowItem({
  row,
  mark,
  pending,
  by,
  notice,
  onTap,
}: {
  row: RollRow;
  mark: AttendanceMark | null;
  pending: boolean;
  by: RollRow["by"];
  notice: Notice | undefined;
  onTap: ((userId: string, mark: AttendanceMark) => void) | null;
}) {
  const { t } = useTranslation();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    if (!onTap) return;
    const value = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    if (!value || !(ATTENDANCE_MARKS as readonly string[]).includes(value)) return;
    e.preventDefault();
    onTap(row.userId, value as AttendanceMark);
  };
  const nameId = `name-${row.userId}`;
  return (
    <li id={`row-${row.userId}`} className="scroll-mt-4 border-b border-slate-200 py-4 last:border-b-0">
      <p id={nameId} className="text-lg font-semibold leading-snug text-slate-900">
        {row.name}
        {row.walkIn ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-700">{t("rollCall.walkInBadge")}</span> : null}
        {row.completed ? (
          <span className="ml-2 rounded bg-success-light px-1.5 py-0.5 text-xs font-semibold text-success">✓ {t("rollCall.completedBadge")}</span>
        ) : null}
      </p>
      {row.place ? <p className="text-sm text-slate-600">{row.place}</p> : null}
      <form method="post" className="mt-2" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="mark" />
        <input type="hidden" name="userId" value={row.userId} />
        <input type="hidden" name="clientId" value={row.clientId} />
        <fieldset aria-labelledby={nameId} className="m-0 grid min-w-0 grid-cols-2 gap-2 border-0 p-0 sm:grid-cols-4">
          {ATTENDANCE_MARKS.map((m) => {
            const on = mark === m;
            return (
              <button
                key={m}
                type="submit"
                name="mark"
                value={m}
                aria-pressed={on}
                className={`flex min-h-12 w-full items-center justify-center gap-1.5 rounded-md border-2 px-2 py-2 text-base font-semibold transition-colors ${
                  on ? MARK_STYLE[m] : "border-slate-400 bg-white text-slate-900 hover:bg-slate-50"
                }`}
              >
                {on ? <Check /> : null}
                {t(`events.marks.${m}`)}
              </button>
            );
          })}
        </fieldset>
      </form>
      <p className="mt-1 min-h-5 text-sm text-slate-700">
        {pending ? <span className="font-semibold text-amber-800">{t("rollCall.notSentRow")} </span> : null}
        {notice ? (
          <span role="status" className="font-semibold text-danger">
            {t("rollCall.changedBy", { name: notice.by, time: notice.at })}
          </span>
        ) : by ? (
          by.qr ? (
            t("rollCall.checkedInQr", { time: by.at })
          ) : (
            t("rollCall.markedBy", { name: by.name, time: by.at })
          )
        ) : null}
      </p>
    </li>
  );
}

export default function RollCall() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  const busy = useNavigation().state !== "idle";
  const path = `/events/${d.eventId}/sessions/${d.sessionId}`;
  const syncUrl = `${path}?_data=${encodeURIComponent(ROUTE_ID)}`;
  const rq = useRollQueue(d.sessionId, d.me, syncUrl);
  const pending = useMemo(() => pendingMarks(rq.queue), [rq.queue]);
  const shown = (row: RollRow): { mark: AttendanceMark | null; by: RollRow["by"] } => {
    const s = rq.server[row.userId];
    const mark = pending.get(row.userId) ?? s?.mark ?? row.mark;
    const by = s ? (s.mine ? null : { name: s.by, at: s.at, qr: false }) : row.by;
    return { mark, by: pending.has(row.userId) ? null : by };
  };
  // with JavaScript the counts follow the taps at once (cheap: one pass over the list)
  let counts = d.counts;
  if (rq.enhanced) {
    counts = { present: 0, late: 0, absent: 0, excused: 0, unmarked: 0 };
    for (const r of d.registered) counts[shown(r).mark ?? "unmarked"] += 1;
  }
  const error = a && "error" in a ? a.error : null;
  const walkIn = a && "errors" in a ? a : null;
  const offline = rq.enhanced && !rq.online;
  const row = (r: RollRow) => {
    const s = shown(r);
    return (
      <RollRowItem
        key={r.userId}
        row={r}
        mark={s.mark}
        by={s.by}
        pending={pending.has(r.userId)}
        notice={rq.notices[r.userId]}
        onTap={rq.enhanced ? rq.tap : null}
      />
    );
  };

  return (
    <>
      <nav aria-label={t("rollCall.breadcrumb")} className="breadcrumb mb-2">
        <Link to={`/events/${d.eventId}`}>← {t("rollCall.backToEvent")}</Link>
      </nav>
      <h1 className="page-title">{t("rollCall.title")}</h1>
      <p className="mt-1 text-lg font-semibold text-slate-900">{d.eventTitle}</p>
      <p className="text-slate-700">
        {d.dayCount > 1 ? `${t("rollCall.sessionOf", { n: d.dayNo, count: d.dayCount })} · ` : null}
        {d.when}
      </p>
      {d.cancelled ? (
        <p className="mt-3 rounded-md border-l-4 border-danger bg-danger-light px-4 py-2 font-semibold text-danger">{t("events.problems.cancelled")}</p>
      ) : null}
      <dl className="mt-3 grid grid-cols-3 gap-2 text-center text-sm sm:grid-cols-5">
        {([...ATTENDANCE_MARKS, "unmarked"] as const).map((k) => (
          <div key={k} className="rounded-md bg-slate-100 px-2 py-1.5">
            <dt className="text-slate-700">{k === "unmarked" ? t("rollCall.unmarked") : t(`events.marks.${k}`)}</dt>
            <dd className="text-xl font-bold text-slate-900">{counts[k]}</dd>
          </div>
        ))}
      </dl>
      {d.selfCheckIn ? (
        <p className="mt-3">
          <Link to={`${path}/qr`} className="btn-secondary w-full sm:w-auto">
            {t("rollCall.showQr")}
          </Link>
        </p>
      ) : null}

      <div
        aria-live="polite"
        data-pending={rq.enhanced ? rq.queue.length : undefined}
        data-offline-ready={rq.offlineReady ? "true" : undefined}
        className={
          rq.enhanced
            ? `sticky top-0 z-10 mt-4 rounded-md border px-3 py-2 text-sm font-semibold shadow-sm ${
                rq.queue.length ? "border-amber-600 bg-amber-50 text-amber-900" : "border-success bg-success-light text-success"
              }`
            : "sr-only"
        }
      >
        {rq.enhanced ? (
          <>
            <span>{rq.online ? t("rollCall.status.online") : t("rollCall.status.offline")}</span>
            {" · "}
            <span>{rq.queue.length ? t("rollCall.status.pending", { count: rq.queue.length }) : t("rollCall.status.allSent")}</span>
            {rq.signedOut && rq.queue.length ? (
              <span className="block">
                <Link to={`/login?redirectTo=${encodeURIComponent(path)}`}>{t("rollCall.status.signInAgain", { count: rq.queue.length })}</Link>
              </span>
            ) : null}
            {rq.offlineReady ? <span className="block font-normal">{t("rollCall.status.offlineReady")}</span> : null}
          </>
        ) : null}
      </div>

      {error ? (
        <p role="alert" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {t(error)}
        </p>
      ) : null}

      <section aria-labelledby="registered" className="card mt-4">
        <h2 id="registered" className="text-xl font-bold">
          {t("rollCall.registered", { count: d.registered.length })}
        </h2>
        {d.registered.length ? <ul>{d.registered.map(row)}</ul> : <p className="mt-2 text-slate-700">{t("rollCall.nobody")}</p>}
      </section>

      {d.waiting.length ? (
        <section aria-labelledby="waiting" className="card mt-4">
          <h2 id="waiting" className="text-xl font-bold">
            {t("rollCall.waiting", { count: d.waiting.length })}
          </h2>
          <p className="mt-1 text-sm text-slate-700">{t("rollCall.waitingHelp")}</p>
          <ul>{d.waiting.map(row)}</ul>
        </section>
      ) : null}

      <section aria-labelledby="walk-ins" className="card mt-4">
        <h2 id="walk-ins" className="text-xl font-bold">
          {t("rollCall.walkIn.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{t("rollCall.walkIn.lead")}</p>
        {offline ? (
          <p role="status" className="mt-2 rounded-md border-l-4 border-amber-600 bg-amber-50 px-3 py-2 text-sm font-semibold text-amber-900">
            {t("rollCall.walkIn.needsSignal")}
          </p>
        ) : null}
        <Form method="get" className="mt-3 max-w-xl" action={`${path}#walk-ins`}>
          <label htmlFor="walk-in-q" className="field-label">
            {t("rollCall.walkIn.search")}
          </label>
          <span id="walk-in-q-help" className="field-help">
            {t("rollCall.walkIn.searchHelp")}
          </span>
          <div className="mt-1 flex gap-2">
            <input id="walk-in-q" name="q" type="search" minLength={2} defaultValue={d.q} aria-describedby="walk-in-q-help" className="field-input mt-0" />
            <button type="submit" className="btn-secondary" disabled={offline}>
              {t("rollCall.walkIn.find")}
            </button>
          </div>
        </Form>
        {d.q && d.q.length < 2 ? <p className="field-error">{t("rollCall.walkIn.tooShort")}</p> : null}
        {d.found ? (
          d.found.length ? (
            <ul className="mt-3">
              {d.found.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 py-3 last:border-b-0">
                  <div>
                    <p className="font-semibold">{p.name}</p>
                    <p className="text-sm text-slate-600">{[p.place, p.contact].filter(Boolean).join(" · ")}</p>
                  </div>
                  {p.listed ? (
                    <a href={`#row-${p.id}`} className="text-sm">
                      {t("rollCall.walkIn.alreadyListed")}
                    </a>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="walk-in-existing" />
                      <input type="hidden" name="userId" value={p.id} />
                      <button type="submit" className="btn-primary" disabled={busy || offline}>
                        {t("rollCall.walkIn.addPresent")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-slate-700">{t("rollCall.walkIn.noneFound")}</p>
          )
        ) : null}

        <h3 className="mt-6 text-lg font-bold" id="walk-in-new">
          {t("rollCall.walkIn.newTitle")}
        </h3>
        <p className="text-sm text-slate-700">{t("rollCall.walkIn.newLead")}</p>
        <NewWalkInForm places={d.places} eventAimag={d.eventAimag} state={walkIn} disabled={busy || offline} />
      </section>
    </>
  );
}

function NewWalkInForm({
  places,
  eventAimag,
  state,
  disabled,
}: {
  places: { code: string; name: string; sums: { id: string; name: string }[] }[];
  eventAimag: string;
  state: { errors: WalkInErrors; values: Record<string, string> } | null;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const v = state?.values ?? {};
  const errors = state?.errors ?? {};
  const count = Object.keys(errors).length;
  const field = (name: "surname" | "givenName" | "phone" | "email", type: "text" | "tel" | "email", autoComplete: string, help?: string) => (
    <div className="mb-4">
      <label htmlFor={`wi-${name}`} className="field-label">
        {t(`rollCall.walkIn.fields.${name}`)}
      </label>
      {help ? (
        <span id={`wi-${name}-help`} className="field-help">
          {help}
        </span>
      ) : null}
      <input
        id={`wi-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={v[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[help ? `wi-${name}-help` : "", errors[name] ? `wi-${name}-error` : ""].filter(Boolean).join(" ") || undefined}
        className="field-input"
      />
      {errors[name] ? (
        <span id={`wi-${name}-error`} className="field-error">
          {t(errors[name])}
        </span>
      ) : null}
    </div>
  );
  return (
    <Form method="post" className="mt-3 max-w-xl" key={state ? JSON.stringify(state.values) : "empty"}>
      <input type="hidden" name="intent" value="walk-in-new" />
      {count ? (
        <p role="alert" className="mb-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {t("rollCall.walkIn.fixErrors", { count })}
        </p>
      ) : null}
      {field("surname", "text", "off")}
      {field("givenName", "text", "off")}
      {field("phone", "tel", "off", t("rollCall.walkIn.contactHelp"))}
      {field("email", "email", "off")}
      <div className="mb-4">
        <label htmlFor="wi-aimagCode" className="field-label">
          {t("fields.aimag")}
        </label>
        <select
          id="wi-aimagCode"
          name="aimagCode"
          defaultValue={v.aimagCode || eventAimag}
          aria-invalid={errors.aimagCode ? true : undefined}
          aria-describedby={errors.aimagCode ? "wi-aimagCode-error" : undefined}
          className="field-input"
        >
          {places.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        {errors.aimagCode ? (
          <span id="wi-aimagCode-error" className="field-error">
            {t(errors.aimagCode)}
          </span>
        ) : null}
      </div>
      <div className="mb-4">
        <label htmlFor="wi-sumId" className="field-label">
          {t("fields.sum")}
        </label>
        <span id="wi-sumId-help" className="field-help">
          {t("rollCall.walkIn.sumHelp")}
        </span>
        <select
          id="wi-sumId"
          name="sumId"
          defaultValue={v.sumId ?? ""}
          aria-invalid={errors.sumId ? true : undefined}
          aria-describedby={`wi-sumId-help${errors.sumId ? " wi-sumId-error" : ""}`}
          className="field-input"
        >
          <option value="">{t("rollCall.walkIn.chooseSum")}</option>
          {places.map((p) => (
            <optgroup key={p.code} label={p.name}>
              {p.sums.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {errors.sumId ? (
          <span id="wi-sumId-error" className="field-error">
            {t(errors.sumId)}
          </span>
        ) : null}
      </div>
      <button type="submit" className="btn-primary w-full sm:w-auto" disabled={disabled}>
        {t("rollCall.walkIn.createPresent")}
      </button>
    </Form>
  );
}

export const meta = titleMeta;
