// Item analysis of an exam, as pure functions of the counts the repository reads from the summaries
// the database keeps: facility, the upper–lower discrimination index (Kelley's 27 % groups, read from
// the attempts per percent score) and the hints that a question looks broken. No I/O — statistics.test.ts covers every rule. See decision 035.

/** Share of the attempts, ranked by total score, that form the upper and the lower group. */
export const GROUP_SHARE = 0.27;

/** Below this many attempts that drew a question, or this many in either group, no hint is given. */
export const MIN_PRESENTED_FOR_HINTS = 10;
export const MIN_GROUP_FOR_HINTS = 5;

/** The size of each group for `n` ranked attempts (rounded; the groups never overlap). */
export function groupSize(n: number): number {
  return Math.floor((n * 27 + 50) / 100);
}

/** Where a group ends, counted from the top (upper) or the bottom (lower) of the percent scores. */
export interface GroupEdge {
  /** Every attempt strictly beyond this percent is in the group… */
  percent: number;
  /** …and this share (0–1] of the attempts at exactly this percent: ties at the edge count in proportion. */
  share: number;
}

/**
 * The upper and lower groups' edges from the graded attempts per percent score (any order): each group
 * is `groupSize(n)` attempts, the best (worst) first; attempts tied at an edge are all counted, each
 * with the share of the group's places left for them — the expected counts of a random tie-break.
 * Null when there is no group (fewer than 2 attempts).
 */
export function groupEdges(bands: { percent: number; attempts: number }[]): { upper: GroupEdge; lower: GroupEdge } | null {
  const sorted = bands.filter((b) => b.attempts > 0).sort((a, b) => b.percent - a.percent);
  const size = groupSize(sorted.reduce((n, b) => n + b.attempts, 0));
  if (size === 0) return null;
  const edge = (ordered: typeof sorted): GroupEdge => {
    let before = 0;
    for (const b of ordered) {
      if (before + b.attempts >= size) return { percent: b.percent, share: (size - before) / b.attempts };
      before += b.attempts;
    }
    throw new Error("unreachable: a group is never larger than the attempts");
  };
  return { upper: edge(sorted), lower: edge([...sorted].reverse()) };
}

/** What the repository counts for one question over the graded attempts that drew it. */
export interface ItemCounts {
  questionId: string;
  presented: number;
  correct: number;
  scoreSum: number;
  /** Attempts of the upper group that drew it (fractional when attempts tie at the group's edge). */
  upperN: number;
  upperCorrect: number;
  lowerN: number;
  lowerCorrect: number;
}

export type Hint = "negative" | "strongWrong" | "tooHard" | "tooEasy" | "lowDiscrimination" | "distractor";

export interface ItemAnalysis extends ItemCounts {
  /** Share of the attempts that drew it which answered it fully correctly (the difficulty index p). */
  facility: number | null;
  /** Share correct in the upper 27 % and in the lower 27 %, each among the attempts of that group that drew it. */
  pUpper: number | null;
  pLower: number | null;
  /** D = p_upper − p_lower, from −1 to 1. */
  discrimination: number | null;
  hints: Hint[];
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * Facility, D and the hints. `distractorAboveKey`: a wrong option was chosen more often than the
 * right one (single choice), which the caller knows from the option counts.
 */
export function analyseItem(c: ItemCounts, distractorAboveKey = false): ItemAnalysis {
  const facility = share(c.correct, c.presented);
  const pUpper = share(c.upperCorrect, c.upperN);
  const pLower = share(c.lowerCorrect, c.lowerN);
  const discrimination = pUpper !== null && pLower !== null ? round(pUpper - pLower) : null;
  const hints: Hint[] = [];
  if (c.presented >= MIN_PRESENTED_FOR_HINTS && facility !== null) {
    const groups = c.upperN >= MIN_GROUP_FOR_HINTS && c.lowerN >= MIN_GROUP_FOR_HINTS;
    if (groups && discrimination !== null && discrimination < 0) hints.push("negative");
    if (groups && pUpper !== null && pUpper < 0.5) hints.push("strongWrong");
    if (facility < 0.2) hints.push("tooHard");
    if (facility > 0.95) hints.push("tooEasy");
    if (groups && discrimination !== null && discrimination >= 0 && discrimination < 0.2 && facility >= 0.2 && facility <= 0.95)
      hints.push("lowDiscrimination");
    if (distractorAboveKey) hints.push("distractor");
  }
  return { ...c, facility, pUpper, pLower, discrimination, hints };
}

const round = (n: number) => Math.round(n * 1_000_000) / 1_000_000;

/** The middle percent score of an ascending pair read around the middle (one value when n is odd). */
export function medianOf(middle: number[], n: number): number | null {
  if (n === 0 || middle.length === 0) return null;
  if (n % 2 === 1 || middle.length === 1) return middle[0];
  return round((middle[0] + middle[1]) / 2);
}

/** The ten bins of the histogram: 0–9, 10–19, … 90–100 (a full score is in the last). */
export const BINS = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9 }));
