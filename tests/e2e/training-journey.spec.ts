// The blended course end to end: a coordinator plans an in-person training for the service
// operators' course and registers people; the roll is taken on a 360-px phone without JavaScript
// for the first session, and with JavaScript but no signal for the second; when the connection
// returns the marks are stored, and the learner who had finished the online part completes the
// course and holds a certificate.
import { type Browser, expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { expectAccessible } from "./axe";
import { signIn } from "./sign-in";

const PHONE = { width: 360, height: 740 };
const dbFile = () => (process.env.E2E_DATABASE_URL ?? "file:data/e2e.sqlite").slice("file:".length);

function query<T>(sql: string, ...params: unknown[]): T[] {
  const sqlite = new Database(dbFile(), { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

const userId = (email: string) => query<{ id: string }>("select id from users where email = ?", email)[0].id;

async function phone(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: PHONE, locale: "mn-MN", javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, "coordinator@erdem.mn");
  return { context, page };
}

const markButton = (page: Page, id: string, label: string) => page.locator(`#row-${id}`).getByRole("button", { name: label, exact: true });

test("plan, register, take the roll offline, and see the completion that attendance brings", async ({ browser, page }) => {
  const year = new Date().getUTCFullYear() + 1;
  const title = `Хосолсон сургалтын танхимын хэсэг ${Date.now()}`;
  const finisher = userId("bayankhongor.5@erdem.mn"); // lessons and exam done; attendance missing
  const learner = userId("learner@erdem.mn");
  const ganzorig = userId("ganzorig@erdem.mn");
  // the demo learner who finished the online part has not completed: the in-person part is missing
  expect(
    query("select 1 from enrolment where user_id = ? and course_slug = 'e-mongolia-service-operators' and completed_at is not null", finisher),
  ).toHaveLength(0);

  // 1. the coordinator plans the event: two sessions, both needed (80 %)
  await signIn(page, "coordinator@erdem.mn");
  await page.goto("/events/new");
  await page.getByLabel("Нэр (монголоор)").fill(title);
  await page.getByLabel("Нэр (англиар)").fill("Blended course, in-person part");
  await page.getByLabel("Байршил").fill("Баянхонгор аймгийн ЗДТГ, хурлын танхим");
  await page.getByLabel("Сумын оператор", { exact: true }).check();
  await page.getByLabel("Суудлын тоо").fill("20");
  await page.getByLabel("Сумын оператор, Хурдан цэгийн албан хаагчдад зориулсан E-Mongolia үйлчилгээ").check();
  const rows = page.getByRole("group", { name: /-р өдөр/ });
  for (const [i, [start, end]] of [
    ["09:00", "12:30"],
    ["14:00", "17:00"],
  ].entries()) {
    await rows.nth(i).getByLabel("Огноо").fill(`${year}-05-12`);
    await rows.nth(i).getByLabel("Эхлэх цаг").fill(start);
    await rows.nth(i).getByLabel("Дуусах цаг").fill(end);
  }
  await page.getByRole("button", { name: "Сургалт үүсгэх" }).click();
  await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
  const eventPath = new URL(page.url()).pathname;
  const eventId = eventPath.split("/").pop()!;
  const sessions = query<{ id: string }>("select id from event_session where event_id = ? order by starts_at", eventId).map((s) => s.id);
  expect(sessions).toHaveLength(2);

  // 2. registration: the coordinator registers three people of her aimag by e-mail
  await page.getByRole("link", { name: "Оролцогчид" }).click();
  const registered = () => query("select 1 from event_registration where event_id = ? and status = 'registered'", eventId).length;
  for (const [i, email] of ["learner@erdem.mn", "ganzorig@erdem.mn", "bayankhongor.5@erdem.mn"].entries()) {
    await page.getByRole("textbox", { name: "Цахим шуудан" }).fill(email);
    await page.getByRole("region", { name: "Цахим шуудангаар бүртгэх" }).getByRole("button", { name: "Бүртгэх" }).click();
    // the page before shows the same "registered: 1" as the page after: the database says when this one is done
    await expect.poll(registered).toBe(i + 1);
    await expect(page.getByText(/Бүртгэгдсэн: 1/)).toBeVisible();
  }

  // 3. the first session's roll on a phone without JavaScript
  const noJs = await phone(browser, false);
  const first = `${eventPath}/sessions/${sessions[0]}`;
  await noJs.page.goto(first);
  for (const [id, label] of [
    [finisher, "Ирсэн"],
    [learner, "Ирсэн"],
    [ganzorig, "Ирээгүй"],
  ] as const) {
    await markButton(noJs.page, id, label).click();
    await noJs.page.waitForURL((url) => url.hash === `#row-${id}`);
    await expect(markButton(noJs.page, id, label)).toHaveAttribute("aria-pressed", "true");
  }
  await noJs.context.close();

  // 4. the second session with JavaScript: the page is stored, then the signal goes
  const js = await phone(browser);
  const second = `${eventPath}/sessions/${sessions[1]}`;
  await js.page.goto(second);
  await js.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect(js.page.locator("[data-offline-ready='true']")).toBeVisible();
  const status = js.page.locator("[data-pending]");
  await js.context.setOffline(true);
  await markButton(js.page, finisher, "Ирсэн").click();
  await markButton(js.page, learner, "Хоцорсон").click();
  await markButton(js.page, ganzorig, "Чөлөөтэй").click();
  await expect(status).toContainText("3 марк илгээгдээгүй");
  expect(query("select 1 from attendance where session_id = ?", sessions[1])).toHaveLength(0);
  // no certificate while the marks wait on the phone
  expect(query("select 1 from certificate where user_id = ? and course_slug = 'e-mongolia-service-operators'", finisher)).toHaveLength(0);

  // 5. the signal comes back: everything is sent, stored once, and the completion follows
  await js.context.setOffline(false);
  await js.page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(status).toContainText("Бүх тэмдэглэгээ илгээгдсэн", { timeout: 20_000 });
  const stored = Object.fromEntries(
    query<{ user_id: string; mark: string }>("select user_id, mark from attendance where session_id = ?", sessions[1]).map((r) => [r.user_id, r.mark]),
  );
  expect(stored).toEqual({ [finisher]: "present", [learner]: "late", [ganzorig]: "excused" });
  await js.page.reload();
  await expect(markButton(js.page, learner, "Хоцорсон")).toHaveAttribute("aria-pressed", "true");
  await expect(js.page.locator(`#row-${finisher}`)).toContainText("Сургалтаа дүүргэсэн");
  await expect(js.page.locator(`#row-${learner}`)).not.toContainText("Сургалтаа дүүргэсэн");
  await expectAccessible(js.page);
  // signing out on the phone forgets the stored roll call: offline it no longer opens
  await js.page.getByRole("banner").locator("summary").click();
  await js.page.getByRole("button", { name: "Гарах" }).click();
  await js.page.waitForURL((url) => url.pathname === "/");
  await js.context.setOffline(true);
  await expect(js.page.goto(second)).rejects.toThrow();
  await js.context.close();
  expect(query("select 1 from certificate where user_id = ? and course_slug = 'e-mongolia-service-operators' and revoked_at is null", finisher)).toHaveLength(
    1,
  );

  // 6. the learner sees the completed course and the certificate
  const learnerPhone = await browser.newContext({ viewport: PHONE, locale: "mn-MN" });
  const lp = await learnerPhone.newPage();
  await signIn(lp, "bayankhongor.5@erdem.mn");
  await lp.goto("/certificates");
  await expect(lp.getByText("Сумын оператор, Хурдан цэгийн албан хаагчдад зориулсан E-Mongolia үйлчилгээ").first()).toBeVisible();
  await learnerPhone.close();
});
