// What the browser may see of an attempt. Before review is allowed, only question text and option
// text leave the server — no `correct` flags, accepted answers, numeric answers, the correct order
// or explanations. With `reveal`, the review adds them. Options and ordering items are named by this
// attempt's keys, never by the author's ids, in review too.
import type { Question } from "~/features/content/schemas";
import type { Language } from "~/i18n/config";
import type { Attempt, QuizRef } from "./attempts.server";
import { responseForBrowser, type AttemptQuestion, type QuestionGrade, type Response } from "./grading";
import { markdownToHtml } from "./markdown.server";

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

/** `questions`: the attempt's questions as drawn (questionsOfAttempt). */
export function presentQuestions(
  ref: QuizRef,
  attempt: Attempt,
  questions: AttemptQuestion[],
  lng: Language,
  responses: Map<string, Response>,
  reveal: boolean,
): PresentedQuestion[] {
  const grades = new Map((reveal && attempt.grades ? (JSON.parse(attempt.grades) as QuestionGrade[]) : []).map((g) => [g.questionId, g]));
  const md = (text: string, inline = false) => markdownToHtml(text, ref.course.slug, inline);
  return questions.map(({ question: q, choices }, i) => {
    const keyOf = new Map(choices.map((c) => [c.id, c.key]));
    const saved = responses.get(q.id);
    const view: PresentedQuestion = {
      id: q.id,
      n: i + 1,
      type: q.type,
      points: q.points,
      html: md(q.text[lng]),
      response: saved ? responseForBrowser(saved, choices) : null,
    };
    if (q.type === "single" || q.type === "multiple") {
      const byId = new Map(q.options.map((o) => [o.id, o]));
      view.options = choices.map((c) => ({ id: c.key, html: md(byId.get(c.id)!.text[lng], true) }));
    }
    if (q.type === "ordering") {
      const byId = new Map(q.items.map((it) => [it.id, it]));
      view.items = choices.map((c) => ({ id: c.key, html: md(byId.get(c.id)!.text[lng], true) }));
    }
    if (reveal) {
      const g = grades.get(q.id);
      view.review = { score: g?.score ?? 0, max: g?.max ?? q.points, correct: g?.correct ?? false };
      if (q.type === "single" || q.type === "multiple") view.review.correctOptionIds = q.options.filter((o) => o.correct).flatMap((o) => keyOf.get(o.id) ?? []);
      if (q.type === "true_false") view.review.correctBoolean = q.answer;
      if (q.type === "short_text") view.review.acceptedAnswers = q.accept[lng];
      if (q.type === "numeric") view.review.numericAnswer = q.tolerance ? `${q.answer} ± ${q.tolerance}` : String(q.answer);
      if (q.type === "ordering") view.review.correctOrder = q.items.flatMap((it) => keyOf.get(it.id) ?? []);
      if (q.explanation) view.review.explanationHtml = md(q.explanation[lng]);
    }
    return view;
  });
}
