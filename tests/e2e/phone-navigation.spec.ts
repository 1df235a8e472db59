// The site on a 360 px phone: every section is in the menu for each role, reachable without
// sideways scrolling, with the current page marked — with JavaScript and without.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn } from "./sign-in";

const PHONE = { width: 360, height: 740 };

const HOME = "Нүүр";
const COURSES = "Сургалтууд";
const EVENTS = "Сургалтын арга хэмжээ";
const MY = "Миний сургалт";
const CERTIFICATES = "Гэрчилгээ";
const ADMIN = "Удирдлага";
const REGISTER = "Бүртгүүлэх";

const SECTIONS: Record<string, string> = {
  [HOME]: "/",
  [COURSES]: "/courses",
  [EVENTS]: "/events",
  [MY]: "/my",
  [CERTIFICATES]: "/certificates",
  [ADMIN]: "/admin",
  [REGISTER]: "/register",
};

async function phone(browser: Browser, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: PHONE, locale: "mn-MN", javaScriptEnabled });
  return { context, page: await context.newPage() };
}

const menuButton = (page: Page) => page.getByRole("banner").locator("summary");
const menu = (page: Page) => page.getByRole("navigation", { name: "Үндсэн цэс" });

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width, `page width of ${page.url()}`).toBeLessThanOrEqual(PHONE.width);
}

/** Opens the menu and checks it lists exactly these sections, each wholly on the screen. */
async function expectMenu(page: Page, sections: string[]) {
  await menuButton(page).click();
  const links = menu(page).getByRole("link");
  await expect(links).toHaveText(sections);
  for (const name of [...sections, "Миний бүртгэл"]) {
    const link = page.getByRole("banner").getByRole("link", { name, exact: true });
    if (name === "Миний бүртгэл" && !(await link.count())) continue; // not signed in
    const box = (await link.boundingBox())!;
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(PHONE.width);
    expect(box.height, `${name}: a tap target of 44 px`).toBeGreaterThanOrEqual(44);
  }
}

/** Goes to each section through the menu: the page opens, is marked current, and fits the screen. */
async function walkMenu(page: Page, sections: string[], { axe }: { axe: boolean }) {
  for (const name of sections) {
    await menuButton(page).click();
    await menu(page).getByRole("link", { name, exact: true }).click();
    await page.waitForURL((url) => url.pathname === SECTIONS[name]);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page);
    if (axe) await expectAccessible(page);
    await menuButton(page).click();
    await expect(menu(page).getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    if (axe) await expectAccessible(page); // with the menu open
    await menuButton(page).click();
    await expect(menu(page)).toBeHidden();
  }
}

const LEARNER = [HOME, COURSES, EVENTS, MY, CERTIFICATES];
const MANAGER = [...LEARNER, ADMIN];
/** A trainer's menu adds their workspace. */
const TRAINER = [...LEARNER, "Сургагч багш"];

test.describe("on a 360 px phone", () => {
  test("a learner reaches every section from the menu; the main pages fit the screen and are accessible", async ({ browser }) => {
    test.setTimeout(120_000);
    const { context, page } = await phone(browser);
    await signIn(page, "solongo@erdem.mn");
    await expectMenu(page, LEARNER);
    await expectAccessible(page);
    await menuButton(page).click();
    await walkMenu(page, LEARNER, { axe: true });
    for (const path of [
      "/courses?q=%D0%BA%D0%B8%D0%B1%D0%B5%D1%80",
      "/courses/ict-cyber-hygiene",
      "/courses/ict-cyber-hygiene/strong-passphrases",
      "/profile",
    ]) {
      await page.goto(path);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
    }
    // the lesson page: Courses is the current section
    await page.goto("/courses/ict-cyber-hygiene/strong-passphrases");
    await menuButton(page).click();
    await expect(menu(page).getByRole("link", { name: COURSES })).toHaveAttribute("aria-current", "page");
    await page.getByRole("banner").getByRole("link", { name: "Миний бүртгэл" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await menuButton(page).click();
    await expect(page.getByRole("banner").getByRole("link", { name: "Миний бүртгэл" })).toHaveAttribute("aria-current", "page");
    await page.getByRole("banner").getByRole("button", { name: "Гарах" }).click();
    await expect(page.getByRole("status")).toHaveText("Та системээс гарлаа.");
    await context.close();
  });

  test("an administrator reaches administration; the administration pages fit the screen", async ({ browser }) => {
    test.setTimeout(120_000);
    const { context, page } = await phone(browser);
    await signIn(page, "admin@erdem.mn");
    await expectMenu(page, MANAGER);
    await menuButton(page).click();
    await walkMenu(page, MANAGER, { axe: true });
    for (const path of ["/admin/users", "/admin/courses", "/admin/reports", "/admin/enrolments", "/admin/certificates", "/profile"]) {
      await page.goto(path);
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
    }
    await context.close();
  });

  test("a coordinator sees administration, a trainer their workspace instead", async ({ browser }) => {
    for (const [email, sections] of [
      ["coordinator@erdem.mn", MANAGER],
      ["trainer@erdem.mn", TRAINER],
    ] as const) {
      const { context, page } = await phone(browser);
      await signIn(page, email);
      await expectMenu(page, [...sections]);
      await expectNoSidewaysScroll(page);
      await context.close();
    }
  });

  test("anyone can open the menu; log-in and the language stay in the header", async ({ browser }) => {
    const { context, page } = await phone(browser);
    await page.goto("/courses");
    await expect(page.getByRole("banner").getByRole("link", { name: "Нэвтрэх" })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: "Switch to English" })).toBeVisible();
    await expectMenu(page, [HOME, COURSES, EVENTS, REGISTER]);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await context.close();
  });

  test("the menu works from the keyboard: Enter opens it, Tab walks it, Escape closes it", async ({ browser }) => {
    const { context, page } = await phone(browser);
    await page.goto("/courses");
    await menuButton(page).focus();
    await page.keyboard.press("Enter");
    await expect(menu(page)).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(menu(page).getByRole("link", { name: HOME })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(menu(page).getByRole("link", { name: COURSES })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu(page)).toBeHidden();
    await expect(menuButton(page)).toBeFocused();
    // with JavaScript, a link followed inside the page closes the menu behind it
    await page.keyboard.press("Enter");
    await menu(page).getByRole("link", { name: EVENTS }).click();
    await page.waitForURL((url) => url.pathname === "/events");
    await expect(menu(page)).toBeHidden();
    await context.close();
  });

  test("without JavaScript the menu opens and leads everywhere", async ({ browser }) => {
    const { context, page } = await phone(browser, false);
    await signIn(page, "solongo@erdem.mn");
    await expectMenu(page, LEARNER);
    await menuButton(page).click();
    await walkMenu(page, LEARNER, { axe: false });
    // a lesson and a course page are sent without scripts: the menu still opens
    await page.goto("/courses/ict-cyber-hygiene");
    await menuButton(page).click();
    await expect(menu(page).getByRole("link", { name: COURSES })).toHaveAttribute("aria-current", "page");
    await expectNoSidewaysScroll(page);
    await context.close();
  });
});

test("on a wide screen the sections are a row and the account menu is under the name", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin@erdem.mn");
  await expect(menu(page).getByRole("link")).toHaveText(MANAGER);
  await expect(menu(page).getByRole("link", { name: HOME })).toHaveAttribute("aria-current", "page");
  await expect(menuButton(page)).toHaveText(/Г\. Сарангэрэл/);
  await menuButton(page).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Миний бүртгэл" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "Гарах" })).toBeVisible();
  await expectAccessible(page);
});
