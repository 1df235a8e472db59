// A quiz or exam as its author wrote it, with the answer key: every pool and question, which options
// are correct, the accepted answers, the correct order, the explanations — in one language or both.
// Only for a course's trainers and administrators (the preview routes check canPreviewCourse); the
// learner's pages go through present.server.ts, which sends no key before review.
import type { Question } from "~/features/content/schemas";
import type { Language } from "~/i18n/config";
import type { QuizRef } from "./attempts.server";
import { markdownToHtml } from "./markdown.server";

/** Text in each language asked for (HTML rendered from the author's Markdown). */
export type Texts = Partial<Record<Language, string>>;

export interface PreviewQuestion {
  id: string;
  n: number;
  type: Question["type"];
  points: number;
  html: Texts;
  /** Single and multiple choice, as written, with the key. */
  options?: { id: string; html: Texts; correct: boolean }[];
  partialCredit?: boolean;
  /** Options kept in the written order when the quiz shuffles. */
  fixedOrder?: boolean;
  trueFalse?: boolean;
  accepted?: Partial<Record<Language, string[]>>;
  numeric?: { answer: number; tolerance: number };
  /** Ordering: the items in the correct order (as written). */
  order?: { id: string; html: Texts }[];
  explanation?: Texts;
}

export interface PreviewPool {
  id: string;
  draw: number;
  questions: PreviewQuestion[];
}

export function previewQuiz(ref: QuizRef, languages: Language[]) {
  const md = (text: { mn: string; en: string }, inline = false): Texts =>
    Object.fromEntries(languages.map((l) => [l, markdownToHtml(text[l], ref.course.slug, inline)]));
  let n = 0;
  const pools: PreviewPool[] = ref.quiz.pools.map((pool) => ({
    id: pool.id,
    draw: pool.draw,
    questions: pool.questions.map((q) => {
      const view: PreviewQuestion = { id: q.id, n: ++n, type: q.type, points: q.points, html: md(q.text) };
      switch (q.type) {
        case "single":
        case "multiple":
          view.options = q.options.map((o) => ({ id: o.id, html: md(o.text, true), correct: Boolean(o.correct) }));
          view.fixedOrder = q.shuffleOptions === false;
          if (q.type === "multiple") view.partialCredit = q.partialCredit;
          break;
        case "true_false":
          view.trueFalse = q.answer;
          break;
        case "short_text":
          view.accepted = Object.fromEntries(languages.map((l) => [l, q.accept[l]]));
          break;
        case "numeric":
          view.numeric = { answer: q.answer, tolerance: q.tolerance };
          break;
        case "ordering":
          view.order = q.items.map((it) => ({ id: it.id, html: md(it.text, true) }));
          break;
      }
      if (q.explanation) view.explanation = md(q.explanation);
      return view;
    }),
  }));
  const q = ref.quiz;
  return {
    slug: ref.slug,
    kind: q.kind,
    title: Object.fromEntries(languages.map((l) => [l, q.title[l]])) as Partial<Record<Language, string>>,
    passingScore: q.passingScore,
    attemptLimit: q.attemptLimit,
    timeLimitMinutes: q.timeLimitMinutes,
    review: q.review,
    shuffleQuestions: q.shuffleQuestions,
    shuffleOptions: q.shuffleOptions,
    layout: q.layout,
    drawn: q.pools.reduce((s, p) => s + p.draw, 0),
    written: n,
    pools,
  };
}

/** The course's quizzes in course order: each module's practice quiz, then the exam. */
export function courseQuizzes(course: QuizRef["course"]): { slug: string; kind: "exam" | "practice"; moduleSlug: string | null }[] {
  const out: { slug: string; kind: "exam" | "practice"; moduleSlug: string | null }[] = [];
  for (const m of course.meta.modules) if (m.quiz && course.quizzes.has(m.quiz)) out.push({ slug: m.quiz, kind: "practice", moduleSlug: m.slug });
  if (course.meta.exam && course.quizzes.has(course.meta.exam)) out.push({ slug: course.meta.exam, kind: "exam", moduleSlug: null });
  return out;
}
