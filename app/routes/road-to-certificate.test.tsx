// The road to a certificate on the learner's pages: My learning, the course page and home say
// what is still missing and, once earned, link to the certificate (PDF, verification page,
// digital credential) with its dates and renewal; the blocks render those links and the right tense.
import { MemoryRouter } from "react-router-dom";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser, insertPassedExam } from "../../db/factories";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { issueOfflineCertificate, joinCourse, recordLessonDone } from "~/features/enrolment/completion.server";
import { CertificateCard, MissingSteps } from "~/features/enrolment/road";
import type { CertificateStanding, MissingStep } from "~/features/enrolment/road.server";
import { i18nInstance } from "~/i18n/i18next.server";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import * as home from "./_index";
import * as coursePage from "./courses.$course._index";
import * as my from "./my";

const course = (slug: string) => getCatalogue().courses.find((c) => c.slug === slug)!;
const sample = course("sample");
const blended = course("blended");
const DAY = 86_400_000;

async function data(fn: () => Promise<unknown>) {
  const res = await settle(fn);
  expect(res.status).toBe(200);
  return res.json();
}

async function learner() {
  const u = await createUser(db);
  return { u, cookie: await sessionCookieFor(u.id) };
}

const myItems = async (cookie: string, lng = "mn") => (await data(() => my.loader(args(get(`/my?lng=${lng}`, { cookie }))))).items;
const courseData = (cookie: string, slug: string, lng = "mn") =>
  data(() => coursePage.loader(args(get(`/courses/${slug}?lng=${lng}`, { cookie }), { course: slug })));
const homeData = (cookie: string) => data(() => home.loader(args(get("/", { cookie }))));

describe("My learning and the course page: what is still missing", () => {
  it("nothing done: every lesson and the exam; the first module is open, each module counts its lessons", async () => {
    const { u, cookie } = await learner();
    await joinCourse(u.id, sample);
    const [item] = await myItems(cookie);
    expect(item.missing).toEqual([
      { step: "lessons", done: 0, total: 3, left: 3 },
      { step: "exam", quiz: "final" },
    ]);
    expect(item.certificate).toBeNull();
    const page = await courseData(cookie, "sample");
    expect(page.progress.missing).toEqual(item.missing);
    expect(page.certificate).toBeNull();
    expect(page.modules.map((m: any) => [m.open, m.progress])).toEqual([[true, { done: 0, total: 3 }]]);
  });

  it("some lessons read: N of M done and how many are left, on both pages", async () => {
    const { u, cookie } = await learner();
    await recordLessonDone(u.id, sample, "first");
    await recordLessonDone(u.id, sample, "second");
    const expected = [
      { step: "lessons", done: 2, total: 3, left: 1 },
      { step: "exam", quiz: "final" },
    ];
    expect((await myItems(cookie))[0].missing).toEqual(expected);
    const page = await courseData(cookie, "sample");
    expect(page.progress.missing).toEqual(expected);
    expect(page.modules[0].progress).toEqual({ done: 2, total: 3 });
  });

  it("lessons done, exam not passed: the exam only, and My learning offers the exam", async () => {
    const { u, cookie } = await learner();
    for (const l of ["first", "second", "only-mongolian"]) await recordLessonDone(u.id, sample, l);
    const [item] = await myItems(cookie);
    expect(item.missing).toEqual([{ step: "exam", quiz: "final" }]);
    expect(item.exam).toBe("final");
    expect((await courseData(cookie, "sample")).progress.missing).toEqual([{ step: "exam", quiz: "final" }]);
    // home leads to the exam when no lesson is left
    expect((await homeData(cookie)).next).toMatchObject({ course: "sample", lesson: null, exam: "final" });
  });

  it("a blended course: the in-person attendance is what is missing", async () => {
    const { u, cookie } = await learner();
    await recordLessonDone(u.id, blended, "welcome");
    expect((await myItems(cookie))[0].missing).toEqual([{ step: "attendance" }]);
    const page = await courseData(cookie, "blended");
    expect(page.progress.missing).toEqual([{ step: "attendance" }]);
    expect(page.progress.completedOn).toBeNull();
  });

  it("completed: nothing missing; the completion date and the certificate instead", async () => {
    const { u, cookie } = await learner();
    await insertPassedExam(db, u.id, sample.slug, "final");
    for (const l of ["first", "second", "only-mongolian"]) await recordLessonDone(u.id, sample, l);
    const [item] = await myItems(cookie);
    expect(item.missing).toEqual([]);
    expect(item.completedOn).toMatch(/^\d{4} оны \d{1,2} сарын \d{1,2}$/);
    const cert = await db.selectFrom("certificate").select(["id", "code"]).where("user_id", "=", u.id).executeTakeFirstOrThrow();
    // the sample course's certificate does not expire
    expect(item.certificate).toMatchObject({ id: cert.id, code: cert.code, state: "valid", expiresOn: null, renewal: "never" });
    const page = await courseData(cookie, "sample");
    expect(page.progress.missing).toEqual([]);
    expect(page.certificate).toMatchObject({ id: cert.id, code: cert.code, state: "valid" });
    // a course of one module keeps it open (with several, none is open once every lesson is read: the e2e test)
    expect(page.modules.map((m: any) => [m.open, m.progress])).toEqual([[true, { done: 3, total: 3 }]]);
    expect((await homeData(cookie)).certificates).toMatchObject([
      { courseSlug: "sample", course: "Жишээ сургалт", standing: { id: cert.id, code: cert.code } },
    ]);
  });

  it("an anonymous reader's course page: no progress, no certificate, the first module open", async () => {
    const page = await data(() => coursePage.loader(args(get("/courses/sample"), { course: "sample" })));
    expect(page.progress).toBeNull();
    expect(page.certificate).toBeNull();
    expect(page.modules.map((m: any) => [m.open, m.progress])).toEqual([[true, null]]);
  });
});

describe("an earned certificate's dates and renewal on My learning, the course page and home", () => {
  async function certified(issuedAt: Date) {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const { u, cookie } = await learner();
    await issueOfflineCertificate(admin.id, u.id, blended, "Хэвлэмэл шалгалт", issuedAt);
    return { u, cookie };
  }

  it("valid: until when, and from when renewal is due; home shows it without a warning", async () => {
    const { cookie } = await certified(new Date(Date.now() - 30 * DAY));
    const [item] = await myItems(cookie);
    expect(item.certificate).toMatchObject({ state: "valid", renewal: "later" });
    expect(item.certificate.expiresOn).toMatch(/оны/);
    expect(item.certificate.renewalFrom).toMatch(/оны/);
    const h = await homeData(cookie);
    expect(h.certificates).toHaveLength(1);
    expect(h.certificates[0].standing.renewal).toBe("later");
  });

  it("renewal due: on My learning, the course page and home", async () => {
    const { cookie } = await certified(new Date(Date.now() - 700 * DAY)); // 24 months: about a month left
    expect((await myItems(cookie))[0].certificate).toMatchObject({ state: "valid", renewal: "now" });
    expect((await courseData(cookie, "blended")).certificate).toMatchObject({ state: "valid", renewal: "now" });
    expect((await homeData(cookie)).certificates[0].standing).toMatchObject({ state: "valid", renewal: "now" });
  });

  it("expired: said so, in the reader's language, with the day it expired", async () => {
    const issued = new Date("2023-05-20T02:00:00Z");
    const { cookie } = await certified(issued);
    expect((await myItems(cookie, "en"))[0].certificate).toMatchObject({ state: "expired", expiresOn: "20 May 2025", renewal: "now" });
    expect((await courseData(cookie, "blended")).certificate).toMatchObject({ state: "expired", expiresOn: "2025 оны 5 сарын 20" });
    // home puts the certificates to renew first
    expect((await homeData(cookie)).certificates[0].standing.state).toBe("expired");
  });

  it("home lists nobody's certificates to an anonymous visitor", async () => {
    expect((await data(() => home.loader(args(get("/"))))).certificates).toEqual([]);
  });
});

describe("the blocks as rendered", () => {
  const render = (node: React.ReactNode, lng: "mn" | "en" = "mn") =>
    renderToString(
      <I18nextProvider i18n={i18nInstance(lng)}>
        <MemoryRouter>{node}</MemoryRouter>
      </I18nextProvider>,
    );
  const standing = (over: Partial<CertificateStanding>): CertificateStanding => ({
    id: "c1d2",
    code: "abc234",
    state: "valid",
    issuedOn: "2026 оны 3 сарын 10",
    expiresOn: "2027 оны 3 сарын 10",
    renewal: "later",
    renewalFrom: "2027 оны 1 сарын 9",
    renewalExam: "final",
    ...over,
  });

  it("link the PDF, the verification page and the credential, and say what the credential is for", () => {
    const html = render(<CertificateCard certificate={standing({})} completedOn="2026 оны 3 сарын 10" courseSlug="sample" />);
    expect(html).toContain('href="/certificates/c1d2/pdf"');
    expect(html).toContain('href="/verify/abc234"');
    expect(html).toContain('href="/verify/abc234/credential"');
    expect(html).toContain("утасдалгүйгээр");
    expect(html).toContain("Дууссан огноо");
    expect(html).toContain("2027 оны 3 сарын 10 хүртэл");
    expect(html).toContain("2027 оны 1 сарын 9 өдрөөс");
    expect(html).not.toContain("/quizzes/");
  });

  it("speak of an expired certificate in the past, with the exam that renews it", () => {
    const html = render(<CertificateCard certificate={standing({ state: "expired", renewal: "now" })} completedOn={null} courseSlug="sample" />, "en");
    expect(html).toContain("Expired on");
    expect(html).not.toContain("Valid until");
    expect(html).toContain("This certificate has expired");
    expect(html).toContain('href="/courses/sample/quizzes/final"');
  });

  it("say renewal is due now for a certificate still valid", () => {
    const html = render(<CertificateCard certificate={standing({ renewal: "now" })} completedOn={null} courseSlug="sample" />, "en");
    expect(html).toContain("Valid until");
    expect(html).toContain("Pass the final exam again to keep it valid.");
    expect(html).toContain('href="/courses/sample/quizzes/final"');
  });

  it("offer no credential for a revoked certificate", () => {
    const html = render(<CertificateCard certificate={standing({ state: "revoked", renewal: "never" })} completedOn={null} courseSlug="sample" />);
    expect(html).not.toContain("/credential");
    expect(html).toContain("Хүчингүй болсон");
  });

  it("list exactly what is missing", () => {
    const missing: MissingStep[] = [{ step: "lessons", done: 2, total: 5, left: 3 }, { step: "exam", quiz: "final" }, { step: "attendance" }];
    const html = render(<MissingSteps missing={missing} id="m" sessionsHref="#sessions-title" />);
    expect(html).toContain("Хичээл: 2/5 дууссан, 3 үлдсэн");
    expect(html).toContain("Төгсөлтийн шалгалтад тэнцээгүй байна");
    expect(html).toContain('href="#sessions-title"');
    expect(render(<MissingSteps missing={[]} id="m" sessionsHref="#s" />)).toBe("");
  });
});
