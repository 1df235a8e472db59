// Signed-in lesson and course pages served from the template of their shape (decision 028), against
// the built server: byte for byte the page a full render gives the same learner, never another
// learner's name, and a lesson marked done or a course joined changes that learner's page only.
import { expect, request, test, type APIRequestContext } from "@playwright/test";

const LESSON = "/courses/internal-operations-system/internal-requests";

async function signIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const res = await context.post("/login", { form: { email, password: "erdem-demo-2026" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
  // the bell's count is part of a page's shape: learners compared here start with nothing unread
  // (the redirect is followed, so that its flash message is shown and gone)
  expect((await context.post("/notifications", { form: { intent: "read-all" } })).status()).toBe(200);
  return context;
}

/** The page as served, and as a full render (any cookie besides the session's and the language's bypasses the templates). */
async function both(context: APIRequestContext, path = LESSON) {
  const shaped = await context.get(path);
  const full = await context.get(path, {
    headers: { Cookie: `${(await context.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ")}; e2e=full` },
  });
  expect(shaped.status()).toBe(200);
  expect(full.status()).toBe(200);
  return { state: shaped.headers()["x-page-cache"], shaped: await shaped.text(), full: await full.text(), fullState: full.headers()["x-page-cache"] };
}

test("a learner's lesson page from a template is the page a full render gives them", async ({ baseURL }) => {
  const bat = await signIn(baseURL!, "bat.erdene@erdem.mn");
  const oyun = await signIn(baseURL!, "oyun@erdem.mn");

  const first = await both(bat);
  expect(["miss", "hit"]).toContain(first.state);
  expect(first.fullState).toBeUndefined();
  expect(first.shaped).toBe(first.full);
  expect(first.shaped).toContain("П. Бат-Эрдэнэ");

  const second = await both(oyun);
  expect(second.state).toBe("hit");
  expect(second.shaped).toBe(second.full);
  expect(second.shaped).toContain("Ж. Оюунчимэг");
  expect(second.shaped).not.toContain("Бат-Эрдэнэ");

  // Oyunchimeg marks the lesson done: her page says so, Bat-Erdene's does not.
  const marked = await oyun.post(LESSON, { form: { intent: "done" }, maxRedirects: 0 });
  expect(marked.status()).toBe(302);
  // the redirect's flash message is shown once, by a full render
  expect((await oyun.get(LESSON)).headers()["x-page-cache"]).toBeUndefined();
  const done = await both(oyun);
  expect(["miss", "hit"]).toContain(done.state);
  expect(done.shaped).toBe(done.full);
  expect(done.shaped).toContain("Дуусаагүй болгох");
  const still = await both(bat);
  expect(still.state).toBe("hit");
  expect(still.shaped).not.toContain("Дуусаагүй болгох");
  expect(still.shaped).toContain("Хичээлийг дууссанд тооцох");
  expect(still.shaped).toBe(still.full);

  await oyun.post(LESSON, { form: { intent: "undo" }, maxRedirects: 0 });
  await bat.dispose();
  await oyun.dispose();
});

test("a learner's course page from a template follows their own progress only", async ({ baseURL }) => {
  const COURSE = "/courses/ict-cyber-hygiene";
  const khulan = await signIn(baseURL!, "khulan@erdem.mn");
  const oyun = await signIn(baseURL!, "oyun@erdem.mn");

  const first = await both(khulan, COURSE);
  expect(["miss", "hit"]).toContain(first.state);
  expect(first.shaped).toBe(first.full);
  expect(first.shaped).toContain("С. Хулан");
  expect(first.shaped).toContain("Сургалтад бүртгүүлэх");
  // no JavaScript on the page, so no loader data (and no one's name or id) in a script
  expect(first.shaped).not.toContain("__remixContext");

  const second = await both(oyun, COURSE);
  expect(second.state).toBe("hit");
  expect(second.shaped).toBe(second.full);
  expect(second.shaped).toContain("Ж. Оюунчимэг");
  expect(second.shaped).not.toContain("Хулан");

  // Khulan joins: her page shows her progress and the way to leave; Oyunchimeg's is as it was.
  expect((await khulan.post(COURSE, { form: { intent: "enrol" }, maxRedirects: 0 })).status()).toBe(302);
  expect((await khulan.get(COURSE)).headers()["x-page-cache"]).toBeUndefined(); // the flash, once
  const joined = await both(khulan, COURSE);
  expect(["miss", "hit"]).toContain(joined.state);
  expect(joined.shaped).toBe(joined.full);
  expect(joined.shaped).toContain("Сургалтаас гарах");
  const still = await both(oyun, COURSE);
  expect(still.state).toBe("hit");
  expect(still.shaped).toBe(still.full);
  expect(still.shaped).not.toContain("Сургалтаас гарах");

  await khulan.dispose();
  await oyun.dispose();
});

test("leaving a course asks again in the page, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill("khulan@erdem.mn");
  await page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await page.getByRole("button", { name: "Нэвтрэх" }).click();
  await page.goto("/courses/ict-cyber-hygiene");
  const confirm = page.getByRole("button", { name: "Тийм, сургалтаас гарах" });
  await expect(confirm).toBeHidden();
  await page.getByText("Сургалтаас гарах", { exact: true }).click();
  await expect(page.getByText("Сургалтаас гарах уу?", { exact: false })).toBeVisible();
  await confirm.click();
  await expect(page.getByText("Та сургалтаас гарлаа.", { exact: false })).toBeVisible();
  await expect(page.getByRole("button", { name: "Сургалтад бүртгүүлэх" })).toBeVisible();
  await context.close();
});

test("a kept log-in page still runs its scripts: served under their hashes, no policy violation", async ({ page, browser, baseURL }) => {
  await page.goto("/login");
  // another visitor (a browser of their own: this one may keep the public page itself for a minute)
  const other = await (await browser.newContext({ baseURL })).newPage();
  const violations: string[] = [];
  other.on("console", (m) => /Content Security Policy|Refused to execute/i.test(m.text()) && violations.push(m.text()));
  const again = await other.goto("/login");
  expect(again?.headers()["x-page-cache"]).toBe("hit");
  expect(again?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-/);
  await other.waitForFunction(() => "__remixRouter" in window);
  expect(violations).toEqual([]);
  await other.context().close();
});
