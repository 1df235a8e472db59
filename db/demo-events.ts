// Demo in-person trainings for the seed, made through the application's own use cases: the
// Academy's e-aimag campaign of 20 November – 2 December 2023 in ten aimags (two days each, four
// sessions, the roll taken), with learners of each aimag registered; several of them later finished
// the online part of the service-operators course, so they completed it and hold certificates. Two
// events next week (Bayankhongor and Darkhan-Uul) are open for registration and the roll call.
import { createUser } from "./factories";

const COURSE = "e-mongolia-service-operators";

/** The ten aimags of the 2023 campaign, their centre, and the two days the Academy's trainers were there. */
const CAMPAIGN_2023 = [
  { aimag: "MN-069", centre: "Баянхонгор", key: "bayankhongor", days: ["2023-11-20", "2023-11-21"] },
  { aimag: "MN-037", centre: "Дархан", key: "darkhan", days: ["2023-11-20", "2023-11-21"] },
  { aimag: "MN-063", centre: "Сайншанд", key: "dornogovi", days: ["2023-11-22", "2023-11-23"] },
  { aimag: "MN-061", centre: "Хэрлэн", key: "dornod", days: ["2023-11-22", "2023-11-23"] },
  { aimag: "MN-059", centre: "Сайнцагаан", key: "dundgovi", days: ["2023-11-24", "2023-11-25"] },
  { aimag: "MN-055", centre: "Арвайхээр", key: "uvurkhangai", days: ["2023-11-27", "2023-11-28"] },
  { aimag: "MN-053", centre: "Даланзадгад", key: "umnugovi", days: ["2023-11-27", "2023-11-28"] },
  { aimag: "MN-051", centre: "Баруун-Урт", key: "sukhbaatar", days: ["2023-11-29", "2023-11-30"] },
  { aimag: "MN-049", centre: "Сүхбаатар", key: "selenge", days: ["2023-11-29", "2023-11-30"] },
  { aimag: "MN-039", centre: "Хэрлэн", key: "khentii", days: ["2023-12-01", "2023-12-02"] },
];

const SURNAMES = ["Батбаяр", "Должин", "Түмэнбаяр", "Ганболд", "Өлзийсайхан", "Мөнхбат", "Цэцэгмаа", "Үүрцайх", "Энхбаатар", "Нарантуяа"];
const GIVEN = ["Өнөрмаа", "Тэмүүлэн", "Уянга", "Мөнх-Эрдэнэ", "Сарнай", "Баярсайхан", "Номин", "Гантулга", "Оюунгэрэл", "Төгсбаяр"];
const POSITIONS = ["Хурдан цэгийн ажилтан", "Сумын оператор", "Үйлчилгээний хүсэлт бүртгэгч", "Бичиг хэргийн ажилтан", "Иргэний бүртгэлийн ажилтан"];

/** Per learner of an event: marks for its four sessions, and whether they finished the online part since. */
const PATTERNS: { marks: ("present" | "late" | "absent" | "excused")[]; online: boolean }[] = [
  { marks: ["present", "present", "present", "present"], online: true },
  { marks: ["present", "late", "present", "present"], online: true },
  { marks: ["present", "present", "present", "present"], online: false },
  { marks: ["present", "present", "absent", "present"], online: false },
  // did the lessons and the exam but missed the training: registered for next week's to complete
  { marks: ["absent", "absent", "excused", "absent"], online: true },
];

export async function seedDemoEvents(opts: { password: string; trainerEmail: string; coordinatorEmail: string; upcomingLearners: Record<string, string[]> }) {
  const { db } = await import("~/db.server");
  const { findCourse } = await import("~/features/content/content.server");
  const { createCampaignRow, createEvent, recordMarks, register } = await import("~/features/events/events.server");
  const { localToInstant } = await import("~/features/events/rules");
  const { completeOnlinePart } = await import("./demo-learning");

  const course = findCourse(COURSE, { canPreview: true });
  if (!course) throw new Error(`demo course ${COURSE} is missing`);
  const trainer = await db.selectFrom("users").select("id").where("email", "=", opts.trainerEmail).executeTakeFirstOrThrow();
  const admin = await db.selectFrom("user_role").select("user_id").where("role", "=", "admin").executeTakeFirstOrThrow();
  const staff = { id: admin.user_id, roles: [{ role: "admin" as const, aimag_code: null }] };
  const centreOf = async (aimag: string, name: string) =>
    (await db.selectFrom("sum").select("id").where("aimag_code", "=", aimag).where("name_mn", "=", name).orderBy("is_center", "desc").executeTakeFirstOrThrow())
      .id;
  const sessionsOn = (days: string[]) =>
    days.flatMap((d) => [
      { starts_at: localToInstant(d, "09:30"), ends_at: localToInstant(d, "12:30"), self_check_in: false },
      { starts_at: localToInstant(d, "14:00"), ends_at: localToInstant(d, "17:00"), self_check_in: false },
    ]);

  const campaignId = await createCampaignRow(staff.id, {
    titleMn: "«Цахим аймаг» сургалт, 2023 оны 11–12 сар",
    titleEn: "e-aimag trainings, November–December 2023",
    startsOn: "2023-11-20",
    endsOn: "2023-12-02",
  });
  const completers: string[] = [];
  for (const [i, stop] of CAMPAIGN_2023.entries()) {
    const sumId = await centreOf(stop.aimag, stop.centre);
    const created = await createEvent(
      staff,
      {
        campaignId,
        titleMn: "E-Mongolia үйлчилгээ: сумын оператор, Хурдан цэгийн албан хаагчдын сургалт",
        titleEn: "E-Mongolia services: training for sum operators and Khurdan Tseg officials",
        aimagCode: stop.aimag,
        sumId,
        venue: `${stop.centre} сумын Засаг даргын Тамгын газрын хурлын танхим`,
        audience: ["khurdan_tseg", "sum_operator", "request_registry"],
        capacity: 40,
        thresholdPercent: 75,
        courses: [COURSE],
        trainers: [trainer.id],
        sessions: sessionsOn(stop.days),
      },
      new Date("2023-11-01T02:00:00Z"),
    );
    if (!("id" in created)) throw new Error(`demo event in ${stop.aimag}: ${created.problem}`);
    const sessions = await db.selectFrom("event_session").select(["id", "ends_at"]).where("event_id", "=", created.id).orderBy("starts_at").execute();
    for (const [j, pattern] of PATTERNS.entries()) {
      const email = `${stop.key}.${j + 1}@erdem.mn`;
      const user = await createUser(db, {
        email,
        surname: SURNAMES[(i + j) % SURNAMES.length],
        givenName: GIVEN[(i * 3 + j) % GIVEN.length],
        position: POSITIONS[j % POSITIONS.length],
        aimagCode: stop.aimag,
        sumId,
        password: opts.password,
      });
      await register(user.id, created.id, { by: staff.id, now: new Date("2023-11-10T02:00:00Z") });
      for (const [k, mark] of pattern.marks.entries()) {
        const result = await recordMarks(
          { id: trainer.id, roles: [{ role: "trainer", aimag_code: null }] },
          sessions[k].id,
          [{ userId: user.id, mark, clientId: `demo:${sessions[k].id}:${user.id}` }],
          {
            now: new Date(sessions[k].ends_at),
          },
        );
        if ("problem" in result) throw new Error(`demo roll call: ${result.problem}`);
      }
      if (pattern.online) completers.push(email);
    }
  }
  // finishing the lessons and the exam now completes the course: the attendance counted already
  await completeOnlinePart(COURSE, completers);

  // next week: two events open for registration, the demo trainer runs them
  const upcoming = await createCampaignRow(staff.id, {
    titleMn: "Давтан сургалт, 2026–2027 оны өвөл",
    titleEn: "Refresher trainings, winter 2026–2027",
    startsOn: dayAfter(0),
    endsOn: dayAfter(90),
  });
  for (const [aimag, centre] of [
    ["MN-069", "Баянхонгор"],
    ["MN-037", "Дархан"],
  ] as const) {
    const day = dayAfter(7);
    const created = await createEvent(staff, {
      campaignId: upcoming,
      titleMn: "E-Mongolia үйлчилгээ: давтан сургалт",
      titleEn: "E-Mongolia services: refresher training",
      aimagCode: aimag,
      sumId: await centreOf(aimag, centre),
      venue: `${centre} сумын соёлын төв`,
      audience: ["khurdan_tseg", "sum_operator", "request_registry", "citizen"],
      capacity: 25,
      thresholdPercent: 80,
      courses: [COURSE],
      trainers: [trainer.id],
      sessions: [
        { starts_at: localToInstant(day, "10:00"), ends_at: localToInstant(day, "13:00"), self_check_in: true },
        { starts_at: localToInstant(day, "14:00"), ends_at: localToInstant(day, "17:00"), self_check_in: true },
      ],
    });
    if (!("id" in created)) throw new Error(`demo event in ${aimag}: ${created.problem}`);
    const people = await db
      .selectFrom("users")
      .select("id")
      .where("email", "in", opts.upcomingLearners[aimag] ?? [])
      .execute();
    for (const p of people) await register(p.id, created.id, { by: staff.id });
  }
}

/** The Ulaanbaatar date `n` days from today. */
function dayAfter(n: number): string {
  return new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
}
