import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { getUser, hasRole, requireUser } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import { canManageEvent, cancelRegistration, register } from "~/features/events/events.server";
import { eventDates, sessionWhen } from "~/features/events/format";
import * as repo from "~/features/events/repository.server";
import { sessionsNeeded } from "~/features/events/rules";
import { readForm } from "~/features/forms/read-form.server";
import { findAimag, findSum } from "~/features/geo/repository.server";
import { fullName } from "~/i18n/format";
import { getLanguage } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  const event = await repo.findEvent(args.params.eventId ?? "");
  if (!event) throw new Response("Not found", { status: 404 });
  const lng = await getLanguage(args.request);
  const pick = (r: { name_mn: string; name_en: string } | undefined) => (r ? (lng === "en" ? r.name_en : r.name_mn) : null);
  const [sessions, courseRows, trainers, registered, waiting, aimag, sum, mine] = await Promise.all([
    repo.findSessions(event.id),
    repo.findEventCourses(event.id),
    repo.findEventTrainers(event.id),
    repo.countRegistered(event.id),
    repo.countWaiting(event.id),
    findAimag(event.aimag_code),
    event.sum_id ? findSum(event.sum_id) : Promise.resolve(undefined),
    user ? repo.findRegistration(event.id, user.id) : Promise.resolve(undefined),
  ]);
  const catalogue = getCatalogue().courses;
  const manage = Boolean(user && hasRole(user, "admin", "coordinator", "trainer") && (await canManageEvent(user, event)));
  const campaign = event.campaign_id ? await repo.findCampaign(event.campaign_id) : undefined;
  return json({
    title: lng === "en" ? event.title_en : event.title_mn,
    id: event.id,
    cancelled: event.status === "cancelled",
    ended: event.ends_at < new Date().toISOString(),
    place: [pick(sum), pick(aimag)].filter(Boolean).join(", "),
    venue: event.venue,
    dates: eventDates(event.starts_at, event.ends_at, lng),
    audience: event.audience ? event.audience.split(",") : [],
    capacity: event.capacity,
    threshold: event.threshold_percent,
    needed: sessionsNeeded(sessions.length, event.threshold_percent),
    registered,
    waiting,
    campaign: campaign ? { id: campaign.id, title: lng === "en" ? campaign.title_en : campaign.title_mn } : null,
    sessions: sessions.map((s) => ({ id: s.id, when: sessionWhen(s.starts_at, s.ends_at, lng), selfCheckIn: Boolean(s.self_check_in) })),
    courses: courseRows.flatMap(({ course_slug }) => {
      const c = catalogue.find((x) => x.slug === course_slug);
      return c ? [{ slug: c.slug, title: c.meta.title[lng] }] : [];
    }),
    trainers: trainers.map((tr) => fullName(tr)),
    signedIn: Boolean(user),
    mine:
      mine && mine.status !== "cancelled"
        ? { status: mine.status, position: mine.status === "waiting" ? await repo.waitingPosition(event.id, mine.queue_no) : null }
        : null,
    manage,
    people: manage || Boolean(user && hasRole(user, "coordinator")),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const event = await repo.findEvent(args.params.eventId ?? "");
  if (!event) throw new Response("Not found", { status: 404 });
  const form = await readForm(args.request);
  const back = `/events/${event.id}`;
  switch (form.get("intent")) {
    case "register": {
      const r = await register(user.id, event.id);
      if ("problem" in r) return redirectWithFlash(back, { key: `events.problems.${r.problem}`, kind: "error" });
      if (r.status === "registered")
        return redirectWithFlash(back, { key: r.already ? "eventPlan.outcome.already" : "eventPlan.outcome.registered", kind: "success" });
      return redirectWithFlash(back, {
        key: r.already ? "eventPlan.outcome.alreadyWaiting" : "eventPlan.outcome.waiting",
        kind: "info",
        params: { position: r.position },
      });
    }
    case "cancel": {
      const r = await cancelRegistration(user.id, event.id);
      return redirectWithFlash(
        back,
        r.cancelled ? { key: "eventPlan.outcome.cancelled", kind: "success" } : { key: "eventPlan.outcome.notRegistered", kind: "info" },
      );
    }
    default:
      return json({ error: "errors.invalidChoice" }, { status: 400 });
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="font-semibold text-slate-700">{label}</dt>
      <dd className="sm:col-span-2">{children}</dd>
    </div>
  );
}

export default function EventPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const left = Math.max(0, d.capacity - d.registered);
  return (
    <>
      <p className="mb-2">
        <Link to="/events">← {t("events.title")}</Link>
      </p>
      <h1 className="page-title">{d.title}</h1>
      {d.cancelled ? (
        <p role="status" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {t("events.problems.cancelled")}
        </p>
      ) : null}
      {d.manage ? (
        <nav aria-label={t("eventPlan.staffLinks")} className="mt-4 flex flex-wrap gap-3">
          <Link to={`/events/${d.id}/edit`} className="btn-secondary">
            {t("eventPlan.edit")}
          </Link>
          <Link to={`/events/${d.id}/people`} className="btn-secondary">
            {t("eventPlan.peopleLink")}
          </Link>
        </nav>
      ) : d.people ? (
        <p className="mt-4">
          <Link to={`/events/${d.id}/people`} className="btn-secondary">
            {t("eventPlan.peopleLink")}
          </Link>
        </p>
      ) : null}

      <section className="card mt-6" aria-labelledby="my-place">
        <h2 id="my-place" className="mb-3 text-xl font-bold">
          {t("eventPlan.registration")}
        </h2>
        {/* free places mean nothing once the event is over or cancelled */}
        {d.cancelled || d.ended ? null : (
          <p className="mb-3">
            {t("eventPlan.placesLeft", { count: left })}
            {d.waiting ? ` · ${t("eventPlan.waitingCount", { count: d.waiting })}` : null}
          </p>
        )}
        {d.mine ? (
          <p className="mb-3 font-semibold">
            {d.mine.status === "registered" ? t("eventPlan.youRegistered") : t("eventPlan.youWaiting", { position: d.mine.position })}
          </p>
        ) : null}
        {d.cancelled || d.ended ? (
          d.ended && !d.cancelled ? (
            <p>{t("events.problems.ended")}</p>
          ) : null
        ) : !d.signedIn ? (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} className="btn-primary">
              {t("eventPlan.loginToRegister")}
            </Link>
          </p>
        ) : d.mine ? (
          <Form method="post">
            <button type="submit" name="intent" value="cancel" className="btn-secondary">
              {d.mine.status === "registered" ? t("eventPlan.cancelMine") : t("eventPlan.leaveQueue")}
            </button>
          </Form>
        ) : (
          <Form method="post">
            <button type="submit" name="intent" value="register" className="btn-primary">
              {left > 0 ? t("eventPlan.registerMe") : t("eventPlan.joinQueue")}
            </button>
          </Form>
        )}
      </section>

      <section className="card mt-6" aria-labelledby="details">
        <h2 id="details" className="mb-2 text-xl font-bold">
          {t("eventPlan.details")}
        </h2>
        <dl className="divide-y divide-slate-200">
          <Row label={t("eventPlan.when")}>{d.dates}</Row>
          <Row label={t("eventPlan.where")}>
            {d.venue}
            {d.place ? <span className="block text-slate-700">{d.place}</span> : null}
          </Row>
          {d.campaign ? (
            <Row label={t("events.campaign")}>
              <Link to={`/campaigns/${d.campaign.id}`}>{d.campaign.title}</Link>
            </Row>
          ) : null}
          <Row label={t("eventPlan.audience")}>{d.audience.map((a) => t(`events.audience.${a}`)).join(", ") || "—"}</Row>
          <Row label={t("eventPlan.capacity")}>{t("eventPlan.capacityValue", { count: d.capacity, registered: d.registered })}</Row>
          <Row label={t("eventPlan.thresholdLabel")}>{t("eventPlan.thresholdText", { percent: d.threshold, needed: d.needed, total: d.sessions.length })}</Row>
          <Row label={t("eventPlan.trainers")}>{d.trainers.join(", ") || "—"}</Row>
          <Row label={t("eventPlan.courses")}>
            {d.courses.length ? (
              <ul>
                {d.courses.map((c) => (
                  <li key={c.slug}>
                    <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </Row>
        </dl>
      </section>

      <section className="card mt-6" aria-labelledby="sessions">
        <h2 id="sessions" className="mb-2 text-xl font-bold">
          {t("eventPlan.sessions")}
        </h2>
        <ol className="divide-y divide-slate-200">
          {d.sessions.map((s, i) => (
            <li key={s.id} className="py-3">
              <p>
                <span className="font-semibold">{t("eventPlan.form.sessionN", { n: i + 1 })}:</span> {s.when}
                {s.selfCheckIn ? <span className="ml-2 text-sm text-slate-700">({t("eventPlan.selfCheckInOn")})</span> : null}
              </p>
              {d.manage ? (
                <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
                  <Link to={`/events/${d.id}/sessions/${s.id}`} className="inline-flex min-h-11 items-center">
                    {t("eventPlan.rollCall")}
                  </Link>
                  <a href={`/events/${d.id}/sessions/${s.id}/sheet.pdf`} className="inline-flex min-h-11 items-center">
                    {t("eventPlan.sheet")}
                  </a>
                  <Link to={`/events/${d.id}/sessions/${s.id}/sheet`} className="inline-flex min-h-11 items-center">
                    {t("eventPlan.tickSheet")}
                  </Link>
                  {s.selfCheckIn ? (
                    <Link to={`/events/${d.id}/sessions/${s.id}/qr`} className="inline-flex min-h-11 items-center">
                      {t("eventPlan.qr")}
                    </Link>
                  ) : null}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export const meta = titleMeta;
