// Catalogue search over course titles and summaries, lesson titles and lesson text. A lesson's text
// is taken from its MDX source once per course index (markup stripped, folded for comparison) and
// kept beside the index in memory: a search scans a few hundred kilobytes of strings, and never
// compiles MDX or reads a file per request.
import { readFileSync } from "node:fs";
import type { Language } from "~/i18n/config";
import type { CourseEntry, LessonEntry } from "./catalogue.server";
import { getCatalogue, type Viewer, visibleLessons } from "./content.server";

/** Letters some keyboards and old fonts give for Mongolian ones: the fita for Ө. */
const LOOKALIKES: Record<string, string> = { ѳ: "ө" };

/**
 * Text as it is compared: lower case by Unicode's rules (so Ө → ө and Ү → ү, as А → а), the
 * look-alikes above folded. Character by character, so a position in the folded text is the same
 * position in the text it came from (the snippet under a card is cut from the original by it).
 */
export function foldText(text: string): string {
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const one = lower.length === ch.length ? lower : ch;
    out += LOOKALIKES[one] ?? one;
  }
  return out;
}

/** The words a query looks for: folded, split on spaces; words of one letter only when there is nothing else. */
export function queryWords(query: string): string[] {
  const words = foldText(query.normalize("NFC"))
    .split(/[\s,.;:!?«»"“”()]+/u)
    .filter(Boolean);
  const long = words.filter((w) => [...w].length > 1);
  return [...new Set(long.length ? long : words)];
}

/** Attributes of the lesson components whose values are shown on the page (components.tsx). */
const SHOWN_ATTRIBUTES = new Set(["title", "alt", "caption", "label", "name", "question", "options"]);

/**
 * The readable text of a lesson's MDX: frontmatter, imports and exports, tags and markdown syntax
 * removed; the text of string attributes kept (a callout's title, a practice question's options,
 * a figure's caption are read on the page too); spaces collapsed.
 */
export function lessonPlainText(source: string): string {
  let body = source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, "");
  body = body.replace(/^(?:import|export)\s.*$/gm, " ");
  // a tag, with attribute values that may hold > in quotes or braces: the attributes a reader sees stay as text
  body = body.replace(/<\/?[A-Za-z][\w.]*(?:[^>"'{}]|"[^"]*"|'[^']*'|\{[^}]*\})*\/?>/g, (tag) => {
    let kept = " ";
    for (const [, name, double, single, expression] of tag.matchAll(/([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\})/g)) {
      if (!SHOWN_ATTRIBUTES.has(name)) continue;
      const values = expression === undefined ? [double ?? single] : [...expression.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
      kept += `${values.join(" ")} `;
    }
    return kept;
  });
  body = body
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images: their alt text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their text
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+/gm, "") // headings, quotes, list markers
    .replace(/(\*\*|__|\*|_|`+|~~)/g, "") // emphasis and code marks
    .replace(/\{[^}]*\}/g, " "); // expressions
  return body.normalize("NFC").replace(/\s+/g, " ").trim();
}

interface LessonText {
  title: string;
  text: string;
  foldedTitle: string;
  folded: string;
}

/** Each course's lessons as text, by language: made when a course is first searched, kept with its index entry. */
const texts = new WeakMap<CourseEntry, Map<string, Partial<Record<Language, LessonText>>>>();

function lessonText(course: CourseEntry, lesson: LessonEntry, lng: Language): LessonText | undefined {
  let byLesson = texts.get(course);
  if (!byLesson) {
    byLesson = new Map();
    texts.set(course, byLesson);
  }
  let entry = byLesson.get(lesson.slug);
  if (!entry) {
    entry = {};
    for (const l of Object.keys(lesson.files) as Language[]) {
      const text = lessonPlainText(readFileSync(lesson.files[l] as string, "utf8"));
      const title = lesson.front[l]?.title ?? lesson.slug;
      entry[l] = { title, text, foldedTitle: foldText(title), folded: foldText(text) };
    }
    byLesson.set(lesson.slug, entry);
  }
  // the lesson in the reader's language, or in the other one when it has only that (as the page shows it)
  return entry[lng] ?? entry[lng === "mn" ? "en" : "mn"];
}

export interface LessonMatch {
  slug: string;
  title: string;
  /** Words around the first word found in the text, with that word apart so the page can mark it. */
  snippet: { before: string; match: string; after: string } | null;
}

export interface CourseMatch {
  /** The lesson that matched, when the course's own title and summary do not hold every word. */
  lesson: LessonMatch | null;
  /** For the order of the results: 0 the course's title or summary, 1 a lesson's title, 2 a lesson's text. */
  rank: 0 | 1 | 2;
}

const SNIPPET_BEFORE = 50;
const SNIPPET_AFTER = 90;

function snippetAt(text: string, at: number, length: number): LessonMatch["snippet"] {
  let start = Math.max(0, at - SNIPPET_BEFORE);
  let end = Math.min(text.length, at + length + SNIPPET_AFTER);
  // whole words only
  if (start > 0) start = text.indexOf(" ", start) + 1 || start;
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > at + length) end = space;
  }
  return {
    before: `${start > 0 ? "… " : ""}${text.slice(start, at)}`,
    match: text.slice(at, at + length),
    after: `${text.slice(at + length, end)}${end < text.length ? " …" : ""}`,
  };
}

/**
 * Whether a course answers the query: every word in its titles (both languages), its summary, or
 * the titles and text of the lessons the viewer may read (drafts only for those who preview). The
 * lesson named is the one holding the most of the words, a title before text, the first in order
 * on a tie. null when the course does not match.
 */
export function matchCourse(course: CourseEntry, viewer: Viewer, words: string[], lng: Language): CourseMatch | null {
  if (!words.length) return { lesson: null, rank: 0 };
  const own = foldText(`${course.meta.title.mn}\n${course.meta.title.en}\n${course.meta.summary[lng]}`);
  if (words.every((w) => own.includes(w))) return { lesson: null, rank: 0 };
  let best: { lesson: LessonEntry; text: LessonText; score: number } | null = null;
  const found = new Set(words.filter((w) => own.includes(w)));
  for (const lesson of visibleLessons(course, viewer)) {
    const text = lessonText(course, lesson, lng);
    if (!text) continue;
    let score = 0;
    for (const w of words) {
      if (text.foldedTitle.includes(w)) score += 3;
      else if (text.folded.includes(w)) score += 2;
      else continue;
      found.add(w);
    }
    if (score && (!best || score > best.score)) best = { lesson, text, score };
  }
  if (found.size < words.length || !best) return null;
  const { lesson, text } = best;
  const inText = words.find((w) => text.folded.includes(w) && !text.foldedTitle.includes(w));
  const at = inText ? text.folded.indexOf(inText) : -1;
  return {
    lesson: { slug: lesson.slug, title: text.title, snippet: inText ? snippetAt(text.text, at, inText.length) : null },
    rank: inText ? 2 : 1,
  };
}

/** Reads every lesson's text ahead of traffic (at start-up in production, beside compiling the lessons). */
export function indexLessonText(): number {
  let lessons = 0;
  for (const course of getCatalogue().courses) {
    for (const lesson of course.lessons) {
      lessonText(course, lesson, "mn");
      lessons++;
    }
  }
  return lessons;
}
