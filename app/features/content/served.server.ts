// The content a server serves, as one object swapped whole (decision 038): the version's id, its
// folder, its course index and its compiled lessons. A request that took the catalogue just before
// a swap finishes on the version it started with (its folder stays on disk a while).
import { existsSync } from "node:fs";
import path from "node:path";
import type { Database } from "../../../db/connection";
import type { Language } from "~/i18n/config";
import { readCatalogue, type Catalogue, type ContentProblem } from "./catalogue.server";
import { isWarning, problemLines } from "./check-report";
import { compileFailureProblems, compileLessonCached, forgetLessonsExcept, type CompiledLesson } from "./compile.server";
import { fetchVersion, liveVersionId, materialise, pruneFolders, publishContent, readContentFolder } from "./versions.server";

export interface Served {
  /** The content version: the id of a published version, or the hash of the folder served as it is. */
  version: string;
  dir: string;
  catalogue: Catalogue;
  /** Compiled lessons by file: a version's files have paths of their own. */
  compiled: Map<string, CompiledLesson>;
}

export function readServed(dir: string, version: string): Served {
  return { version, dir, catalogue: readCatalogue(dir), compiled: new Map() };
}

/** A lesson of this version, compiled once. */
export async function compiledLesson(
  s: Served,
  courseSlug: string,
  courseDir: string,
  file: string,
  lng: Language,
  source: () => string,
): Promise<CompiledLesson> {
  const known = s.compiled.get(file);
  if (known) return known;
  const compiled = await compileLessonCached({ file, source: source(), courseSlug, courseDir, lng });
  // a lesson of an older version (a request that began before the swap) is not kept with this one
  if (file.startsWith(s.dir + path.sep)) s.compiled.set(file, compiled);
  return compiled;
}

/** Every lesson of the version compiled, before it serves. */
export async function compileAll(s: Served, read: (file: string) => string): Promise<{ compiled: number; failed: string[] }> {
  const failed: string[] = [];
  let compiled = 0;
  for (const course of s.catalogue.courses) {
    for (const lesson of course.lessons) {
      for (const [lng, file] of Object.entries(lesson.files) as [Language, string][]) {
        try {
          await compiledLesson(s, course.slug, course.dir, file, lng, () => read(file));
          compiled++;
        } catch (e) {
          // where and why, in both languages, with the lines around it
          failed.push(...compileFailureProblems(e, file).flatMap((p) => problemLines(p, "both")));
        }
      }
    }
  }
  return { compiled, failed };
}

export interface LiveContentOptions {
  database: Database;
  /** The content folder this server was deployed with: published at the first start, when nothing is yet. */
  contentDir: string;
  /** Where published versions are written to be served. */
  versionsDir: string;
  read: (file: string) => string;
  /** Start-up and swap messages, and the problems of a content folder that could not be published. */
  log?: (line: string) => void;
  reportProblems?: (problems: ContentProblem[]) => void;
}

/** A production server's content: the live published version, swapped when another is published. */
export class LiveContent {
  private served: Served | undefined;
  private refreshing: Promise<boolean> | undefined;
  private readonly swapListeners: ((s: Served) => void)[] = [];

  constructor(private readonly o: LiveContentOptions) {}

  /** What is served now. Before start-up (a script that only reads the catalogue) the deployed folder as it is. */
  current(): Served {
    this.served ??= readServed(this.o.contentDir, readContentFolder(this.o.contentDir).id);
    return this.served;
  }

  onSwap(listener: (s: Served) => void) {
    this.swapListeners.push(listener);
  }

  /**
   * Start-up: the live version, prepared. When nothing was ever published, the deployed folder is
   * published first (if it passes the check; if not, it is served as it is and its problems logged).
   */
  async start(): Promise<{ version: string; compiled: number; failed: string[]; published: boolean }> {
    let id = await liveVersionId(this.o.database.db);
    let published = false;
    if (!id) {
      const outcome = await publishContent(this.o.database, this.o.contentDir, { root: this.o.versionsDir, by: "start-up" });
      if (outcome.status === "refused") {
        this.o.reportProblems?.(outcome.problems.filter((p) => !isWarning(p)));
        const s = readServed(this.o.contentDir, readContentFolder(this.o.contentDir).id);
        const result = await compileAll(s, this.o.read);
        this.served = s;
        return { version: s.version, ...result, published };
      }
      published = outcome.status === "published";
      // another server may have published at the same moment: the row decides
      id = (await liveVersionId(this.o.database.db)) ?? outcome.version;
    }
    const { served, compiled, failed } = await this.prepare(id);
    this.swap(served);
    return { version: id, compiled, failed, published };
  }

  /** The version's folder (written from the database when this machine does not have it yet), read and compiled. */
  private async prepare(id: string) {
    const dir = path.join(this.o.versionsDir, id);
    const ready = existsSync(path.join(dir, ".complete")) ? dir : materialise(this.o.versionsDir, await fetchVersion(this.o.database.db, id));
    const served = readServed(ready, id);
    const result = await compileAll(served, this.o.read);
    return { served, ...result };
  }

  private swap(next: Served) {
    this.served = next;
    forgetLessonsExcept(new Set([...next.compiled.values()].map((c) => c.hash)));
    pruneFolders(this.o.versionsDir, next.version);
    for (const listener of this.swapListeners) listener(next);
  }

  /** Swaps to the live version when it is not the one served. One look at a time; says whether it swapped. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const id = await liveVersionId(this.o.database.db);
        if (!id || id === this.served?.version) return false;
        const { served, compiled, failed } = await this.prepare(id);
        this.swap(served);
        this.o.log?.(`content: ${id} (${compiled} lessons${failed.length ? `, ${failed.length} failed` : ""})`);
        return true;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Looks for a new version every `seconds`; returns the stop. */
  watch(seconds: number): () => void {
    const timer = setInterval(() => {
      this.refresh().catch((error) => this.o.log?.(`content: refresh failed: ${(error as Error).message}`));
    }, seconds * 1000);
    timer.unref();
    return () => clearInterval(timer);
  }
}
