// npm run content:publish -- [--lang mn|en|both] [--note "…"] [--by name] [dir]
//   Checks the content folder (CONTENT_DIR, or dir) as `content:check` does and, when it has no
//   errors, records it as a version and makes it live: every server switches to it within
//   CONTENT_POLL_SECONDS, without a restart. A folder with errors is refused; the live version stays.
// npm run content:publish -- --list            the versions published, the live one marked
// npm run content:publish -- --switch <id>     makes an earlier version live again (decision 038)
import os from "node:os";
import path from "node:path";
import { config } from "~/config.server";
import { database } from "~/db.server";
import { isWarning, parseCheckArguments, problemLines, type ReportLanguage } from "~/features/content/check-report";
import { listVersions, publishContent, switchTo } from "~/features/content/versions.server";

const argv = process.argv.slice(2);
/** Takes `--name value` out of the arguments. */
function option(name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = argv.splice(at, 2);
  return value;
}
const list = argv.includes("--list") ? (argv.splice(argv.indexOf("--list"), 1), true) : false;
const switchId = option("--switch");
const note = option("--note") ?? null;
const by = option("--by") ?? os.userInfo().username;
const args = parseCheckArguments(argv);
if (args.error) {
  console.error(args.error);
  process.exit(2);
}
const lang: ReportLanguage = args.lang;
const say = (mn: string, en: string) => (lang === "mn" ? mn : lang === "en" ? en : `${mn} / ${en}`);

// the schema is the servers' to migrate (at their start): a publish never changes it
let code = 0;
if (list) {
  for (const v of await listVersions(database.db)) {
    console.log(
      `${v.live ? "*" : " "} ${v.id}  ${v.published_at}  ${v.files} ${say("файл", "files")}  ${v.published_by ?? ""}${v.note ? `  — ${v.note}` : ""}`,
    );
  }
} else if (switchId) {
  if (await switchTo(database, switchId)) console.log(say(`Идэвхтэй хувилбар: ${switchId}`, `Live version: ${switchId}`));
  else {
    console.error(say(`${switchId} гэсэн хувилбар нийтлэгдээгүй байна (--list)`, `No published version ${switchId} (see --list)`));
    code = 1;
  }
} else {
  const dir = path.resolve(args.dir ?? config.CONTENT_DIR);
  const outcome = await publishContent(database, dir, { root: path.resolve(config.CONTENT_VERSIONS_DIR), by, note });
  for (const p of outcome.problems) for (const line of problemLines(p, lang)) console.log(line);
  if (outcome.status === "refused") {
    const errors = outcome.problems.filter((p) => !isWarning(p)).length;
    console.error(
      say(`Нийтлээгүй: ${errors} алдаа. Идэвхтэй хувилбар хэвээр үйлчилж байна.`, `Not published: ${errors} error(s). The live version keeps serving.`),
    );
    code = 1;
  } else if (outcome.status === "unchanged") {
    console.log(say(`Өөрчлөлтгүй: ${outcome.version} хувилбар аль хэдийн идэвхтэй.`, `Unchanged: version ${outcome.version} is already live.`));
  } else {
    console.log(
      say(
        `Нийтэллээ: ${outcome.version} хувилбар (${outcome.lessons} хичээлийн файл). Серверүүд ${config.CONTENT_POLL_SECONDS} секундийн дотор шилжинэ.`,
        `Published: version ${outcome.version} (${outcome.lessons} lesson files). Servers switch within ${config.CONTENT_POLL_SECONDS} s.`,
      ),
    );
  }
}
await database.close();
process.exit(code);
