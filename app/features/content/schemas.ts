// The authoring format, as zod schemas. `.strict()` everywhere: an unknown key is a mistake to report.
import { z } from "zod";

export const AUDIENCES = ["civil_servant", "sum_operator", "khurdan_tseg", "request_registry"] as const;
export type Audience = (typeof AUDIENCES)[number];

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase latin letters, digits and hyphens");
const text = z.string().trim().min(1);
export const Localized = z.object({ mn: text, en: text }).strict();

export const CourseSchema = z
  .object({
    title: Localized,
    summary: Localized,
    audience: z.array(z.enum(AUDIENCES)).min(1),
    version: z.union([z.string().min(1), z.number()]).transform(String),
    hours: z.number().positive().max(1000),
    certificateValidityMonths: z.number().int().positive().max(240).nullable(),
    inPersonRequired: z.boolean(),
    published: z.boolean(),
    objectives: z
      .object({ mn: z.array(text).min(1), en: z.array(text).min(1) })
      .strict()
      .refine((o) => o.mn.length === o.en.length, "objectives need the same number of items in mn and en"),
    exam: slug.optional(),
    /**
     * What changed in each version, newest first: shown to learners enrolled on an earlier version
     * until they have read it (decision 038).
     */
    changes: z
      .array(
        z
          .object({
            version: z.union([z.string().min(1), z.number()]).transform(String),
            summary: Localized,
          })
          .strict(),
      )
      .optional(),
    /** E-mails of the course's trainers (decision 036): with the role trainer, they read its learners everywhere and preview its key. */
    trainers: z.array(z.string().trim().toLowerCase().email()).optional(),
    modules: z
      .array(
        z
          .object({
            slug,
            title: Localized,
            quiz: slug.optional(),
            lessons: z.array(slug).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type CourseMeta = z.infer<typeof CourseSchema>;

export const LessonFrontmatterSchema = z
  .object({
    title: text,
    summary: text.optional(),
    minutes: z.number().int().positive().max(600),
    required: z.boolean().default(true),
    draft: z.boolean().default(false),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>;

// ---- quizzes and exams ----

const points = z.number().positive().max(100).default(1);
const base = { id: slug, points, text: Localized, explanation: Localized.optional() };
const option = z.object({ id: z.string().min(1).max(20), text: Localized, correct: z.boolean().optional() }).strict();
// A question whose options only make sense in the order written ("All of the above", a scale)
// opts out of the quiz's shuffling.
const shuffleOptions = z.boolean().optional();

export const QuestionSchema = z.discriminatedUnion("type", [
  z
    .object({ ...base, type: z.literal("single"), shuffleOptions, options: z.array(option).min(2) })
    .strict()
    .refine((q) => q.options.filter((o) => o.correct).length === 1, "a single-choice question needs exactly one correct option"),
  z
    .object({ ...base, type: z.literal("multiple"), partialCredit: z.boolean().default(false), shuffleOptions, options: z.array(option).min(2) })
    .strict()
    .refine((q) => q.options.some((o) => o.correct), "a multiple-choice question needs at least one correct option"),
  z.object({ ...base, type: z.literal("true_false"), answer: z.boolean() }).strict(),
  z
    .object({
      ...base,
      type: z.literal("short_text"),
      accept: z.object({ mn: z.array(text).min(1), en: z.array(text).min(1) }).strict(),
    })
    .strict(),
  z.object({ ...base, type: z.literal("numeric"), answer: z.number(), tolerance: z.number().min(0).default(0) }).strict(),
  z
    .object({
      ...base,
      type: z.literal("ordering"),
      items: z.array(z.object({ id: z.string().min(1).max(20), text: Localized }).strict()).min(2),
    })
    .strict(),
]);
export type Question = z.infer<typeof QuestionSchema>;

export const QuizSchema = z
  .object({
    title: Localized,
    kind: z.enum(["exam", "practice"]),
    passingScore: z.number().min(0).max(100),
    attemptLimit: z.number().int().positive().nullable(),
    timeLimitMinutes: z.number().int().positive().max(600).nullable(),
    review: z.enum(["after_submit", "after_close", "never"]),
    shuffleQuestions: z.boolean().default(true),
    shuffleOptions: z.boolean().default(true),
    layout: z.enum(["one_page", "one_per_page"]).default("one_page"),
    pools: z
      .array(
        z
          .object({ id: slug, draw: z.number().int().positive(), questions: z.array(QuestionSchema).min(1) })
          .strict()
          .refine((p) => p.draw <= p.questions.length, "draw is larger than the number of questions in the pool"),
      )
      .min(1),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.pools.forEach((pool, pi) =>
      pool.questions.forEach((q, qi) => {
        if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["pools", pi, "questions", qi, "id"], message: `duplicate question id "${q.id}"` });
        seen.add(q.id);
      }),
    );
  });
export type QuizDefinition = z.infer<typeof QuizSchema>;
