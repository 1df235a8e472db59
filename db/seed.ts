// npm run db:seed [-- --if-empty] — demo data: staff in every role and learners over several aimags.
import { config } from "../app/config.server";
import { openDatabase, migrateToLatest } from "./connection";
import { seedDemoEvents } from "./demo-events";
import { seedDemoLearning } from "./demo-learning";
import { createUser, findSumByName } from "./factories";

export const DEMO_PASSWORD = "erdem-demo-2026";

const database = openDatabase(config.DATABASE_URL, { pgPoolMax: config.PG_POOL_MAX });
const { db } = database;

try {
  await migrateToLatest(db);
  const existing = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  if (process.argv.includes("--if-empty") && Number(existing.n) > 0) {
    console.log(`Database already has ${existing.n} users; demo seed skipped.`);
  } else {
    const now = new Date().toISOString();
    const national = [
      { id: "org-ema", name_mn: "И-Монголиа академи ТӨҮГ", name_en: "E-Mongolia Academy SOE", kind: "agency" as const },
      {
        id: "org-mddc",
        name_mn: "Цахим хөгжил, инновац, харилцаа холбооны яам",
        name_en: "Ministry of Digital Development, Innovation and Communications",
        kind: "ministry" as const,
      },
      { id: "org-csc", name_mn: "Төрийн албаны зөвлөл", name_en: "Civil Service Council", kind: "agency" as const },
    ];
    for (const o of national) {
      const found = await db.selectFrom("organisation").select("id").where("id", "=", o.id).executeTakeFirst();
      if (!found)
        await db
          .insertInto("organisation")
          .values({ ...o, aimag_code: null, sum_id: null, created_at: now })
          .execute();
    }

    const people: Parameters<typeof createUser>[1][] = [
      {
        email: "admin@erdem.mn",
        surname: "Ганбаатар",
        givenName: "Сарангэрэл",
        position: "Системийн админ",
        aimagCode: "MN-1",
        sumId: await findSumByName(db, "MN-1", "Сүхбаатар"),
        organisationId: "org-ema",
        roles: [{ role: "admin" }, { role: "learner" }],
      },
      {
        email: "coordinator@erdem.mn",
        surname: "Батсүх",
        givenName: "Энхтуяа",
        position: "Аймгийн зохицуулагч",
        aimagCode: "MN-069",
        sumId: await findSumByName(db, "MN-069", "Баянхонгор"),
        organisationId: "org-MN-069",
        roles: [{ role: "coordinator", aimag_code: "MN-069" }, { role: "learner" }],
      },
      {
        email: "trainer@erdem.mn",
        surname: "Очир",
        givenName: "Тэмүүлэн",
        position: "Сургагч багш",
        aimagCode: "MN-1",
        sumId: await findSumByName(db, "MN-1", "Чингэлтэй"),
        organisationId: "org-ema",
        roles: [{ role: "trainer" }, { role: "learner" }],
      },
      {
        email: "operator@erdem.mn",
        surname: "Должин",
        givenName: "Мөнхзул",
        position: "Сумын оператор",
        aimagCode: "MN-069",
        sumId: await findSumByName(db, "MN-069", "Бөмбөгөр"),
        roles: [{ role: "sum_operator" }, { role: "learner" }],
      },
      {
        email: "learner@erdem.mn",
        surname: "Цэрэн",
        givenName: "Ариунаа",
        position: "Хүний нөөцийн мэргэжилтэн",
        aimagCode: "MN-069",
        sumId: await findSumByName(db, "MN-069", "Баянхонгор"),
      },
      {
        email: "bat.erdene@erdem.mn",
        surname: "Пүрэв",
        givenName: "Бат-Эрдэнэ",
        position: "Татварын байцаагч",
        aimagCode: "MN-037",
        sumId: await findSumByName(db, "MN-037", "Дархан"),
      },
      {
        email: "oyun@erdem.mn",
        surname: "Жамц",
        givenName: "Оюунчимэг",
        position: "Хурдан цэгийн ажилтан",
        aimagCode: "MN-063",
        sumId: await findSumByName(db, "MN-063", "Сайншанд"),
      },
      {
        email: "tuvshin@erdem.mn",
        surname: "Нямдорж",
        givenName: "Түвшинбаяр",
        position: "Сумын ИТХ-ын нарийн бичгийн дарга",
        aimagCode: "MN-041",
        sumId: await findSumByName(db, "MN-041", "Мөрөн"),
      },
      {
        email: "khulan@erdem.mn",
        surname: "Сэрээтэр",
        givenName: "Хулан",
        position: "Бичиг хэргийн ажилтан",
        aimagCode: "MN-053",
        sumId: await findSumByName(db, "MN-053", "Даланзадгад"),
      },
      {
        email: "ganzorig@erdem.mn",
        surname: "Лхагва",
        givenName: "Ганзориг",
        position: "Мэргэжилтэн",
        aimagCode: "MN-069",
        sumId: await findSumByName(db, "MN-069", "Галуут"),
      },
      {
        email: "solongo@erdem.mn",
        surname: "Дашдондог",
        givenName: "Солонго",
        position: "Мэргэжилтэн",
        aimagCode: "MN-043",
        sumId: await findSumByName(db, "MN-043", "Жаргалант"),
      },
    ];
    for (const p of people) {
      const exists = await db.selectFrom("users").select("id").where("email", "=", p!.email!).executeTakeFirst();
      if (!exists) await createUser(db, { ...p, password: DEMO_PASSWORD });
    }
    // Demo learning: the coordinator has assigned Bayankhongor's learners the cyber-hygiene course
    // (Ganzorig is past his due date), learner@erdem.mn has read the first three lessons, and two
    // learners elsewhere have completed it and hold certificates.
    const coordinator = await db.selectFrom("users").select("id").where("email", "=", "coordinator@erdem.mn").executeTakeFirstOrThrow();
    const assigned = await db.selectFrom("users").select(["id", "aimag_code", "sum_id", "organisation_id"]).where("aimag_code", "=", "MN-069").execute();
    const due = new Date(Date.now() + 45 * 86400_000).toISOString();
    for (const u of assigned) {
      await db
        .insertInto("enrolment")
        .values({
          id: crypto.randomUUID(),
          user_id: u.id,
          course_slug: "ict-cyber-hygiene",
          status: "active",
          enrolled_at: now,
          enrolled_by: coordinator.id,
          due_at: due,
          aimag_code: u.aimag_code,
          sum_id: u.sum_id,
          organisation_id: u.organisation_id,
          completed_at: null,
          withdrawn_at: null,
          // assigned before version 1.1: the course page tells them what changed since
          version_seen: "1.0",
        })
        .onConflict((oc) => oc.columns(["user_id", "course_slug"]).doNothing())
        .execute();
    }
    const learner = await db.selectFrom("users").select("id").where("email", "=", "learner@erdem.mn").executeTakeFirstOrThrow();
    for (const lesson of ["device-updates-and-protection", "screen-lock-and-shared-computers", "work-and-personal-accounts"]) {
      await db
        .insertInto("lesson_progress")
        .values({ user_id: learner.id, course_slug: "ict-cyber-hygiene", lesson_slug: lesson, completed_at: now })
        .onConflict((oc) => oc.columns(["user_id", "course_slug", "lesson_slug"]).doNothing())
        .execute();
    }
    try {
      await seedDemoLearning({ courseSlug: "ict-cyber-hygiene", completers: ["tuvshin@erdem.mn", "solongo@erdem.mn"], overdue: ["ganzorig@erdem.mn"] });
      await seedDemoEvents({
        password: DEMO_PASSWORD,
        trainerEmail: "trainer@erdem.mn",
        coordinatorEmail: "coordinator@erdem.mn",
        upcomingLearners: { "MN-069": ["learner@erdem.mn", "ganzorig@erdem.mn", "bayankhongor.5@erdem.mn"], "MN-037": ["bat.erdene@erdem.mn"] },
      });
    } finally {
      await (await import("~/db.server")).database.close();
    }
    console.log("Demo data is ready. Every demo account's password is:", DEMO_PASSWORD);
    console.log("  admin@erdem.mn (administrator), coordinator@erdem.mn (coordinator, Bayankhongor),");
    console.log("  trainer@erdem.mn (trainer), operator@erdem.mn (sum operator), learner@erdem.mn and 6 more learners,");
    console.log("  and 50 learners of the 2023 e-aimag trainings (bayankhongor.1@erdem.mn … khentii.5@erdem.mn).");
  }
} finally {
  await database.close();
}
