// What the browser may see of an attempt. Before review is allowed, only question text and option
// text leave the server — no `correct` flags, accepted answers, numeric answers, the correct order
// or explanations. With `reveal`, the review adds them.
import type { Question } from "~/features/content/schemas";
import type { Language } from "~/i18n/config";
import type { Attempt, QuizRef } from "./attempts.server";
import type { DrawnQuestion, QuestionGrade, Response } from "./grading";
import { markdownToHtml } from "./markdown.server";
import { questionIndex } from "./grading";

export interface PresentedQuestion {
  id: string;
  n: number;
  type: Question["type"];
  points: number;
  html: string;
  options?: { id: string; html: string }[];
  items?: { id: string; html: string }[];
  response: Response | null;
  review?: {
    score: number;
    max: number;
    correct: boolean;
    correctOptionIds?: string[];
    correctBoolean?: boolean;
    acceptedAnswers?: string[];
    numericAnswer?: string;
    correctOrder?: string[];
    explanationHtml?: string;
  };
}

export function presentQuestions(
  ref: QuizRef,
  attempt: Attempt,
  lng: Language,
  responses: Map<string, Response>,
  reveal: boolean,
): PresentedQuestion[] {
  const index = questionIndex(ref.quiz);
  const drawn = JSON.parse(attempt.questions) as DrawnQuestion[];
  const grades = new Map((reveal && attempt.grades ? (JSON.parse(attempt.grades) as QuestionGrade[]) : []).map((g) => [g.questionId, g]));
  const md = (text: string, inline = false) => markdownToHtml(text, ref.course.slug, inline);
  return drawn.flatMap((d, i) => {
    const q = index.get(d.id);
    if (!q) return [];
    const view: PresentedQuestion = { id: q.id, n: i + 1, type: q.type, points: q.points, html: md(q.text[lng]), response: responses.get(q.id) ?? null };
    if (q.type === "single" || q.type === "multiple") {
      const byId = new Map(q.options.map((o) => [o.id, o]));
      view.options = (d.order ?? q.options.map((o) => o.id)).flatMap((id) => {
        const o = byId.get(id);
        return o ? [{ id: o.id, html: md(o.text[lng], true) }] : [];
      });
    }
    if (q.type === "ordering") {
      const byId = new Map(q.items.map((it) => [it.id, it]));
      view.items = (d.order ?? q.items.map((it) => it.id)).flatMap((id) => {
        const it = byId.get(id);
        return it ? [{ id: it.id, html: md(it.text[lng], true) }] : [];
      });
    }
    if (reveal) {
      const g = grades.get(q.id);
      view.review = { score: g?.score ?? 0, max: g?.max ?? q.points, correct: g?.correct ?? false };
      if (q.type === "single" || q.type === "multiple") view.review.correctOptionIds = q.options.filter((o) => o.correct).map((o) => o.id);
      if (q.type === "true_false") view.review.correctBoolean = q.answer;
      if (q.type === "short_text") view.review.acceptedAnswers = q.accept[lng];
      if (q.type === "numeric") view.review.numericAnswer = q.tolerance ? `${q.answer} ± ${q.tolerance}` : String(q.answer);
      if (q.type === "ordering") view.review.correctOrder = q.items.map((it) => it.id);
      if (q.explanation) view.review.explanationHtml = md(q.explanation[lng]);
    }
    return [view];
  });
}
