// Published content (decision 038). Publishing reads the content folder into memory, writes it to a
// folder of its own named by its hash, runs the whole content check on that copy, and only when it
// passes records the files and makes the version live, in one transaction. Servers serve the live
// version: each looks at the live row every few seconds, prepares a new version beside the one it
// serves (files written from the database, every lesson compiled), and then swaps. A server that
// starts later reads the live row first, so it never serves an older version.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/connection";
import { writeTransaction } from "../../../db/connection";
import type { DB } from "../../../db/schema";
import type { ContentProblem } from "./catalogue.server";
import { isWarning } from "./check-report";
import { checkContent } from "./check.server";

export interface ContentFile {
  /** Relative to the content folder, with forward slashes. */
  path: string;
  body: Buffer;
}

export interface ContentFiles {
  /** The first 16 hex digits of a SHA-256 over every path and body: the same files, the same id. */
  id: string;
  files: ContentFile[];
  bytes: number;
}

/** What a content folder holds: every file but dot files and dot folders (an editor's swap file, .git). */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

export function contentId(files: ContentFile[]): string {
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.path).update("\0").update(createHash("sha256").update(f.body).digest()).update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/** The content folder's files, read once: what is checked and published is exactly what was read. */
export function readContentFolder(dir: string): ContentFiles {
  const files = listFiles(dir)
    .sort()
    .map((rel) => ({ path: rel, body: readFileSync(path.join(dir, rel)) }));
  return { id: contentId(files), files, bytes: files.reduce((n, f) => n + f.body.length, 0) };
}

const COMPLETE = ".complete";

/**
 * The version's folder under `root`: written to a temporary folder and renamed, so a folder that
 * exists is whole (a marker file says so; a folder without one is left from a crash and rewritten).
 */
export function materialise(root: string, content: ContentFiles): string {
  const dir = path.join(root, content.id);
  if (existsSync(path.join(dir, COMPLETE))) return dir;
  mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `.${content.id}.${process.pid}.${Date.now()}.tmp`);
  for (const f of content.files) {
    const target = path.join(tmp, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.body);
  }
  writeFileSync(path.join(tmp, COMPLETE), content.id);
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(tmp, dir);
  } catch (error) {
    // another process of this machine wrote the same version first: theirs is as good
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, COMPLETE))) throw error;
  }
  return dir;
}

export interface PublishOutcome {
  status: "published" | "unchanged" | "refused";
  version: string;
  /** Every problem found, with file names in the folder that was published (warnings too). */
  problems: ContentProblem[];
  lessons: number;
}

/**
 * Checks the folder's content and, when it has no errors, records it and makes it live. A refused
 * version changes nothing: the live one keeps serving.
 */
export async function publishContent(
  database: Database,
  dir: string,
  { root, by = null, note = null, now = new Date() }: { root: string; by?: string | null; note?: string | null; now?: Date },
): Promise<PublishOutcome> {
  const content = readContentFolder(dir);
  const existed = existsSync(path.join(root, content.id, COMPLETE));
  const staged = materialise(root, content);
  const checked = await checkContent(staged);
  // the author fixes the files they edited, not the copy
  const problems = checked.problems.map((p) => ({ ...p, file: path.join(dir, path.relative(staged, p.file)) }));
  if (problems.some((p) => !isWarning(p))) {
    if (!existed) rmSync(staged, { recursive: true, force: true });
    return { status: "refused", version: content.id, problems, lessons: checked.lessons };
  }
  const changed = await writeTransaction(database, async (trx) => {
    await storeVersion(trx, content, { by, note, now });
    const live = await trx.selectFrom("content_live").select("version_id").where("id", "=", 1).executeTakeFirst();
    if (live?.version_id === content.id) return false;
    await setLive(trx, content.id, now);
    await pruneVersions(trx, content.id);
    return true;
  });
  return { status: changed ? "published" : "unchanged", version: content.id, problems, lessons: checked.lessons };
}

async function storeVersion(trx: Kysely<DB>, content: ContentFiles, { by, note, now }: { by: string | null; note: string | null; now: Date }) {
  const inserted = await trx
    .insertInto("content_version")
    .values({ id: content.id, published_at: now.toISOString(), published_by: by, note, files: content.files.length, bytes: content.bytes })
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  if (!Number(inserted.numInsertedOrUpdatedRows ?? 0)) return;
  for (let i = 0; i < content.files.length; i += 100) {
    await trx
      .insertInto("content_file")
      .values(content.files.slice(i, i + 100).map((f) => ({ version_id: content.id, path: f.path, body: f.body.toString("base64") })))
      .execute();
  }
}

/** How many published versions are kept to switch back to (the live one always). */
export const VERSIONS_KEPT = 20;

/** Versions beyond the newest VERSIONS_KEPT are deleted with their files (never the live one). */
async function pruneVersions(trx: Kysely<DB>, live: string) {
  const old = await trx
    .selectFrom("content_version")
    .select("id")
    .where("id", "!=", live)
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .offset(VERSIONS_KEPT - 1)
    .limit(1000)
    .execute();
  if (!old.length) return;
  const ids = old.map((v) => v.id);
  await trx.deleteFrom("content_file").where("version_id", "in", ids).execute();
  await trx.deleteFrom("content_version").where("id", "in", ids).execute();
}

async function setLive(trx: Kysely<DB>, id: string, now: Date) {
  await trx
    .insertInto("content_live")
    .values({ id: 1, version_id: id, switched_at: now.toISOString() })
    .onConflict((oc) => oc.column("id").doUpdateSet({ version_id: id, switched_at: now.toISOString() }))
    .execute();
}

/** Makes an earlier published version live again (it passed the check when it was published). */
export async function switchTo(database: Database, id: string, now = new Date()): Promise<boolean> {
  return writeTransaction(database, async (trx) => {
    const known = await trx.selectFrom("content_version").select("id").where("id", "=", id).executeTakeFirst();
    if (!known) return false;
    await setLive(trx, id, now);
    return true;
  });
}

/** The version every server is to serve, or undefined before anything was published. */
export async function liveVersionId(db: Kysely<DB>): Promise<string | undefined> {
  return (await db.selectFrom("content_live").select("version_id").where("id", "=", 1).executeTakeFirst())?.version_id;
}

export async function fetchVersion(db: Kysely<DB>, id: string): Promise<ContentFiles> {
  const rows = await db.selectFrom("content_file").select(["path", "body"]).where("version_id", "=", id).orderBy("path").execute();
  const files = rows.map((r) => ({ path: r.path, body: Buffer.from(r.body, "base64") }));
  const content = { id: contentId(files), files, bytes: files.reduce((n, f) => n + f.body.length, 0) };
  // the files are named by their hash: a version that does not read back the same is not served
  if (content.id !== id) throw new Error(`content version ${id} reads back as ${content.id}`);
  return content;
}

export function listVersions(db: Kysely<DB>, limit = 20) {
  return db
    .selectFrom("content_version as v")
    .leftJoin("content_live as l", "l.version_id", "v.id")
    .select(["v.id", "v.published_at", "v.published_by", "v.note", "v.files", "v.bytes", "l.id as live"])
    .orderBy("v.published_at", "desc")
    .limit(limit)
    .execute();
}

/**
 * Old versions' folders under `root` removed, but for `live` and the newest others: a worker of this
 * machine that has not switched yet still reads its version's files for a few seconds.
 */
export function pruneFolders(root: string, live: string, keepOthers = 2) {
  if (!existsSync(root)) return;
  const others = readdirSync(root)
    .filter((name) => !name.startsWith(".") && name !== live)
    .map((name) => ({ name, at: statSync(path.join(root, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of others.slice(keepOthers)) rmSync(path.join(root, name), { recursive: true, force: true });
}
