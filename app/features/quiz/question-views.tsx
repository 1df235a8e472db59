// Rendering questions for answering (no correct answers known here) and for review.
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/i18n/format";
import type { PresentedQuestion } from "./present.server";

export type QuestionView = PresentedQuestion;

const choiceClass =
  "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 hover:border-primary has-[:checked]:border-primary has-[:checked]:bg-primary-light";

/** The id of a question's heading: focus goes there when the learner moves to another question. */
export const questionHeadingId = (n: number) => `question-${n}`;

/**
 * One question to answer. Its answers sit in a group named by the question's text; the heading
 * (focusable, not in the tab order) is where focus lands when the learner moves to this question.
 */
export function QuestionField({ q, total, flagged = false }: { q: QuestionView; total: number; flagged?: boolean }) {
  const { t } = useTranslation();
  const name = `q.${q.id}`;
  const r = q.response;
  const headingId = questionHeadingId(q.n);
  const textId = `${name}-text`;
  const helpId = `${name}-help`;
  const help =
    q.type === "multiple"
      ? t("quiz.chooseMany")
      : q.type === "numeric"
        ? t("quiz.numberHelp")
        : q.type === "ordering"
          ? t("quiz.orderHelp")
          : q.type === "short_text"
            ? ""
            : t("quiz.chooseOne");
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1} className="scroll-mt-24 text-sm font-semibold text-slate-600">
        <span>{t("quiz.questionOf", { n: q.n, total })}</span> · {t("quiz.points", { points: q.points })}
      </h2>
      <fieldset aria-labelledby={textId} aria-describedby={help ? helpId : undefined}>
        <div id={textId} className="lesson-body mt-2 font-semibold" dangerouslySetInnerHTML={{ __html: q.html }} />
        {help ? (
          <p id={helpId} className="mt-2 text-sm text-slate-600">
            {help}
          </p>
        ) : null}
        <div className="mt-3 space-y-2">
          {q.type === "single" &&
            q.options?.map((o) => (
              <label key={o.id} className={choiceClass}>
                <input type="radio" name={name} value={o.id} defaultChecked={r?.type === "single" && r.optionId === o.id} className="mt-1 h-5 w-5 shrink-0" />
                <span dangerouslySetInnerHTML={{ __html: o.html }} />
              </label>
            ))}
          {q.type === "multiple" && (
            <>
              <input type="hidden" name={`${name}.present`} value="1" />
              {q.options?.map((o) => (
                <label key={o.id} className={choiceClass}>
                  <input
                    type="checkbox"
                    name={name}
                    value={o.id}
                    defaultChecked={r?.type === "multiple" && r.optionIds.includes(o.id)}
                    className="mt-1 h-5 w-5 shrink-0"
                  />
                  <span dangerouslySetInnerHTML={{ __html: o.html }} />
                </label>
              ))}
            </>
          )}
          {q.type === "true_false" &&
            (["true", "false"] as const).map((v) => (
              <label key={v} className={choiceClass}>
                <input
                  type="radio"
                  name={name}
                  value={v}
                  defaultChecked={r?.type === "true_false" && String(r.value) === v}
                  className="mt-1 h-5 w-5 shrink-0"
                />
                <span>{t(`quiz.${v}`)}</span>
              </label>
            ))}
          {q.type === "short_text" && (
            <label className="block">
              <span className="field-label">{t("quiz.yourAnswer")}</span>
              <input type="text" name={name} maxLength={500} defaultValue={r?.type === "short_text" ? r.text : ""} className="field-input" autoComplete="off" />
            </label>
          )}
          {q.type === "numeric" && (
            <label className="block">
              <span className="field-label">{t("quiz.yourAnswer")}</span>
              <input
                type="text"
                inputMode="decimal"
                name={name}
                maxLength={50}
                defaultValue={r?.type === "numeric" ? (r.raw ?? (r.value ?? "").toString()) : ""}
                className="field-input max-w-xs"
                autoComplete="off"
              />
            </label>
          )}
          {q.type === "ordering" && (
            <ol className="space-y-2">
              {q.items?.map((item) => {
                const saved = r?.type === "ordering" ? r.itemIds.indexOf(item.id) : -1;
                const id = `${name}.${item.id}`;
                return (
                  <li key={item.id} className="flex items-center gap-3 rounded-md border border-slate-300 bg-white px-3 py-2">
                    {/* Blank until the learner chooses: an untouched question is not an answer. */}
                    <select
                      id={id}
                      name={id}
                      defaultValue={saved >= 0 ? String(saved + 1) : ""}
                      className="min-h-11 shrink-0 rounded-md border border-slate-500 bg-white px-2"
                    >
                      <option value="">—</option>
                      {q.items!.map((_, p) => (
                        <option key={p} value={p + 1}>
                          {p + 1}
                        </option>
                      ))}
                    </select>
                    {/* the item's own text names its select: "Position of <item>" */}
                    <label htmlFor={id}>
                      <span className="sr-only">{t("examNav.positionOf")} </span>
                      <span dangerouslySetInnerHTML={{ __html: item.html }} />
                    </label>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      </fieldset>
      {/* The box travels with the answers (form post or autosave); `.present` lets an unticked box clear the flag. */}
      <input type="hidden" name={`flag.${q.id}.present`} value="1" />
      <label className="mt-4 flex min-h-11 cursor-pointer items-center gap-3 border-t border-slate-200 pt-3 text-sm font-semibold text-slate-700">
        <input type="checkbox" name={`flag.${q.id}`} value="1" defaultChecked={flagged} className="h-5 w-5 shrink-0" />
        <span>
          <span aria-hidden="true">⚑ </span>
          {t("examNav.flag")}
          <span className="sr-only"> ({t("quiz.question", { n: q.n })})</span>
        </span>
      </label>
    </section>
  );
}

/** Plain text of an option or ordering item, for one-line summaries in the review. */
const labelOf = (list: { id: string; html: string }[] | undefined, id: string) => (list ?? []).find((o) => o.id === id)?.html.replace(/<[^>]+>/g, "") ?? id;

function describeResponse(q: QuestionView, t: (k: string) => string): string {
  const r = q.response;
  if (!r) return t("quiz.noAnswer");
  const optionText = (id: string) => labelOf(q.options, id);
  const itemText = (id: string) => labelOf(q.items, id);
  switch (r.type) {
    case "single":
      return r.optionId ? optionText(r.optionId) : t("quiz.noAnswer");
    case "multiple":
      return r.optionIds.length ? r.optionIds.map(optionText).join("; ") : t("quiz.noAnswer");
    case "true_false":
      return r.value === null ? t("quiz.noAnswer") : t(`quiz.${r.value}`);
    case "short_text":
      return r.text.trim() || t("quiz.noAnswer");
    case "numeric":
      return r.raw ?? (r.value === null ? t("quiz.noAnswer") : String(r.value));
    case "ordering":
      return r.itemIds.map(itemText).join(" → ");
  }
}

export function QuestionReview({ q }: { q: QuestionView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "mn";
  const rv = q.review!;
  const verdict = rv.correct ? t("quiz.correct") : rv.score > 0 ? t("quiz.partlyCorrect") : t("quiz.incorrect");
  // choices and orderings are reviewed option by option below; the other types in one line
  const correctText = (rv.correctBoolean !== undefined ? t(`quiz.${rv.correctBoolean}`) : undefined) ?? rv.acceptedAnswers?.join(" / ") ?? rv.numericAnswer;
  return (
    <li className="card">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold text-slate-600">{t("quiz.question", { n: q.n })}</p>
        <span
          className={`rounded px-2 py-0.5 text-sm font-semibold ${rv.correct ? "bg-success-light text-success" : rv.score > 0 ? "bg-warning-light text-warning" : "bg-danger-light text-danger"}`}
        >
          {verdict} · {formatNumber(rv.score, lng, 2)}/{formatNumber(rv.max, lng, 2)}
        </span>
      </div>
      <div className="lesson-body mt-2 font-semibold" dangerouslySetInnerHTML={{ __html: q.html }} />
      {(q.type === "single" || q.type === "multiple") && q.options && rv.correctOptionIds ? (
        <OptionsReview q={q} correct={rv.correctOptionIds} />
      ) : q.type === "ordering" && q.items && rv.correctOrder ? (
        <OrderReview q={q} correct={rv.correctOrder} />
      ) : (
        <dl className="mt-3 space-y-1">
          <div>
            <dt className="inline font-semibold">{t("quiz.yourAnswer")}: </dt>
            <dd className="inline">{describeResponse(q, t)}</dd>
          </div>
          <div>
            <dt className="inline font-semibold">{t("quiz.correctAnswer")}: </dt>
            <dd className="inline">{correctText}</dd>
          </div>
        </dl>
      )}
      {rv.explanationHtml ? (
        <div className="mt-3 rounded-md bg-slate-50 p-3">
          <p className="text-sm font-semibold">{t("quiz.explanation")}</p>
          <div className="lesson-body mt-1" dangerouslySetInnerHTML={{ __html: rv.explanationHtml }} />
        </div>
      ) : null}
    </li>
  );
}

/** Every option, marked: the right ones, and the ones the learner chose. */
function OptionsReview({ q, correct }: { q: QuestionView; correct: string[] }) {
  const { t } = useTranslation();
  const r = q.response;
  const chosen = new Set(r?.type === "single" ? (r.optionId ? [r.optionId] : []) : r?.type === "multiple" ? r.optionIds : []);
  return (
    <ul className="mt-3 space-y-2">
      {q.options!.map((o) => {
        const right = correct.includes(o.id);
        const mine = chosen.has(o.id);
        const style = right ? "border-success bg-success-light" : mine ? "border-danger bg-danger-light" : "border-slate-200 bg-white";
        return (
          <li key={o.id} className={`flex items-start gap-3 rounded-md border px-3 py-2 ${style}`}>
            <span aria-hidden="true" className={`w-5 shrink-0 text-center font-bold ${right ? "text-success" : mine ? "text-danger" : "text-slate-400"}`}>
              {right ? "✓" : mine ? "✗" : "○"}
            </span>
            <span className="flex-1" dangerouslySetInnerHTML={{ __html: o.html }} />
            <span className="shrink-0 text-right text-sm font-semibold">
              {mine ? <span className="block">{t("quiz.yourChoice")}</span> : null}
              {right ? <span className="block text-success">{t("quiz.correctAnswer")}</span> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The learner's order beside the right one, position by position. */
function OrderReview({ q, correct }: { q: QuestionView; correct: string[] }) {
  const { t } = useTranslation();
  const given = q.response?.type === "ordering" ? q.response.itemIds : [];
  const text = (id: string | undefined) => (id ? labelOf(q.items, id) : t("quiz.noAnswer"));
  return (
    <table className="mt-3 w-full text-left text-sm">
      <thead>
        <tr>
          <th scope="col" className="w-8 py-1">
            #
          </th>
          <th scope="col" className="py-1">
            {t("quiz.yourAnswer")}
          </th>
          <th scope="col" className="py-1">
            {t("quiz.correctAnswer")}
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {correct.map((id, i) => {
          const ok = given[i] === id;
          return (
            <tr key={id}>
              <td className="py-1 font-semibold">{i + 1}</td>
              <td className={`py-1 ${ok ? "text-success" : "text-danger"}`}>
                <span aria-hidden="true">{ok ? "✓ " : "✗ "}</span>
                {text(given[i])}
              </td>
              <td className="py-1">{text(id)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
