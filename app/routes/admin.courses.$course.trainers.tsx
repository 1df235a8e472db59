// A course's trainers, for administrators: those the course lists, those assigned here (added and
// removed with a plain form, each change audited), and those of its scheduled training events.
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError } from "~/components/form";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import { AssignTrainerSchema } from "~/features/content/trainer-schemas";
import { assignCourseTrainer, courseTrainers, unassignCourseTrainer } from "~/features/content/trainers.server";
import { readForm } from "~/features/forms/read-form.server";
import { listAimags } from "~/features/geo/repository.server";
import { formatDateShort, fullName } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

function courseOf(slug: string | undefined) {
  const course = getCatalogue().courses.find((c) => c.slug === slug);
  if (!course) throw new Response("Not found", { status: 404 });
  return course;
}

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "admin");
  const course = courseOf(args.params.course);
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const [trainers, aimags] = await Promise.all([courseTrainers(course.slug), listAimags()]);
  const aimagName = new Map(aimags.map((a) => [a.code, lng === "en" ? a.name_en : a.name_mn]));
  const events = new Map<string, { id: string; name: string; email: string; aimags: string[] }>();
  for (const e of trainers.events) {
    const row = events.get(e.id) ?? { id: e.id, name: fullName(e), email: e.email, aimags: [] };
    row.aimags.push(aimagName.get(e.aimag_code) ?? e.aimag_code);
    events.set(e.id, row);
  }
  return json({
    title: await titleFor(args.request, `${course.meta.title[lng]} · ${t("trainer.assign.title")}`, true),
    course: { slug: course.slug, title: course.meta.title[lng] },
    listed: trainers.listed.map((l) => ({ email: l.email, name: l.user ? fullName(l.user) : null })),
    assigned: trainers.assigned.map((a) => ({
      id: a.id,
      name: fullName(a),
      email: a.email,
      on: formatDateShort(a.assigned_at, lng),
      by: a.by_surname ? fullName({ surname: a.by_surname, given_name: a.by_given_name ?? "" }) : "—",
    })),
    events: [...events.values()],
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireRole(args, "admin");
  const course = courseOf(args.params.course);
  const formData = await readForm(args.request);
  const values = { email: String(formData.get("email") ?? "").slice(0, 300) };
  const submission = parseWithZod(formData, { schema: AssignTrainerSchema });
  if (submission.status !== "success") {
    const errors = submission.error ?? {};
    // an intent that is neither: the form as sent is not one of ours
    const known = formData.get("intent") === "add" || formData.get("intent") === "remove";
    return json({ values, errors: known ? errors : { "": ["errors.invalidChoice"] } }, { status: 400 });
  }
  const v = submission.value;
  switch (v.intent) {
    case "add": {
      const result = await assignCourseTrainer(admin, course.slug, v.email);
      if (!result.ok) return json({ values, errors: { email: [`trainer.assign.problems.${result.problem}`] } }, { status: 400 });
      return redirectWithFlash(`/admin/courses/${course.slug}/trainers`, { key: "trainer.assign.added", kind: "success" });
    }
    case "remove": {
      const result = await unassignCourseTrainer(admin, course.slug, v.userId);
      if (!result.ok) return json({ values, errors: { "": [`trainer.assign.problems.${result.problem}`] } }, { status: 400 });
      return redirectWithFlash(`/admin/courses/${course.slug}/trainers`, { key: "trainer.assign.removed", kind: "success" });
    }
  }
}

export default function CourseTrainers() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = (a?.errors ?? {}) as Record<string, string[] | undefined>;
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/admin/courses">{t("enrolled.courses.title")}</Link> › {d.course.title}
      </nav>
      <h1 className="page-title mt-2 break-words">{t("trainer.assign.title")}</h1>
      <p className="mt-1 text-lg font-semibold break-words">{d.course.title}</p>
      <p className="mt-2 max-w-prose text-slate-700">{t("trainer.assign.lead")}</p>
      {errors[""]?.length ? (
        <p role="alert" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {errors[""].map((e) => t(e)).join(" ")}
        </p>
      ) : null}

      <section aria-labelledby="assigned" className="mt-6">
        <h2 id="assigned" className="text-xl font-bold">
          {t("trainer.assign.assigned")}
        </h2>
        {d.assigned.length ? (
          <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {d.assigned.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <span className="min-w-0 break-words">
                  <span className="font-semibold">{p.name}</span> <span className="text-slate-600">{p.email}</span>
                  <span className="block text-sm text-slate-600">{t("trainer.assign.assignedBy", { date: p.on, by: p.by })}</span>
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={p.id} />
                  <button type="submit" className="btn-secondary" aria-label={t("trainer.assign.removeLabel", { name: p.name, course: d.course.title })}>
                    {t("trainer.assign.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">{t("trainer.assign.none")}</p>
        )}
        {/* a new list after a change: the form starts empty again, also when JavaScript navigates */}
        <Form method="post" className="card mt-4 max-w-xl" key={d.assigned.map((p) => p.id).join()}>
          <input type="hidden" name="intent" value="add" />
          <label className="field-label" htmlFor="trainer-email">
            {t("trainer.assign.email")}
          </label>
          <span id="trainer-email-help" className="field-help">
            {t("trainer.assign.emailHelp")}
          </span>
          <input
            id="trainer-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            defaultValue={a?.values.email}
            aria-describedby={errors.email ? "trainer-email-help trainer-email-error" : "trainer-email-help"}
            aria-invalid={errors.email ? true : undefined}
            className="field-input"
          />
          <span id="trainer-email-error">
            <FieldError errors={errors.email} />
          </span>
          <button type="submit" className="btn-primary mt-4">
            {t("trainer.assign.add")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="listed" className="mt-8">
        <h2 id="listed" className="text-xl font-bold">
          {t("trainer.assign.listed")}
        </h2>
        <p className="text-sm text-slate-600">{t("trainer.assign.listedHelp")}</p>
        {d.listed.length ? (
          <ul className="mt-2 list-disc pl-6">
            {d.listed.map((l) => (
              <li key={l.email} className="break-words">
                {l.name ? <span className="font-semibold">{l.name} </span> : null}
                <span className="text-slate-700">{l.email}</span>
                {l.name ? null : <span className="text-slate-600"> ({t("trainer.assign.noAccount")})</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">{t("trainer.assign.none")}</p>
        )}
      </section>

      <section aria-labelledby="by-events" className="mt-8">
        <h2 id="by-events" className="text-xl font-bold">
          {t("trainer.assign.events")}
        </h2>
        {d.events.length ? (
          <ul className="mt-2 list-disc pl-6">
            {d.events.map((e) => (
              <li key={e.id} className="break-words">
                <span className="font-semibold">{e.name}</span> <span className="text-slate-700">{e.email}</span> — {e.aimags.join(", ")}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">{t("trainer.assign.none")}</p>
        )}
      </section>
    </>
  );
}

export const meta = titleMeta;
