// Signed-in lesson pages served from the template of their shape (decision 028), against the built
// server: byte for byte the page a full render gives the same learner, never another learner's
// name, and a lesson marked done changes that learner's page only.
import { expect, request, test, type APIRequestContext } from "@playwright/test";

const LESSON = "/courses/internal-operations-system/internal-requests";

async function signIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const res = await context.post("/login", { form: { email, password: "erdem-demo-2026" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
  return context;
}

/** The lesson page as served, and as a full render (any cookie besides the session's and the language's bypasses the templates). */
async function both(context: APIRequestContext) {
  const shaped = await context.get(LESSON);
  const full = await context.get(LESSON, {
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
