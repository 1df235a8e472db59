// The bell on a phone: a learner sees how many notices are unread, reads them on the bell's page,
// opens one (it is marked read and its link followed), and chooses which topics come by e-mail —
// with JavaScript and without it.
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn } from "./sign-in";

const SHOTS = process.env.SHOTS_DIR ?? "/tmp";

const bell = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Мэдэгдэл/ });

async function unreadOf(page: Page): Promise<number> {
  const name = (await bell(page).getAttribute("aria-label")) ?? "";
  return Number(/(\d+) уншаагүй/.exec(name)?.[1] ?? 0);
}

test.describe("at 360 px", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("the bell counts unread notices; opening one marks it read and follows it; e-mail topics are saved", async ({ page }) => {
    // (not learner@erdem.mn: the account journey changes that learner's password)
    await signIn(page, "bayankhongor.5@erdem.mn");
    // the demo registered this learner for a training: that notice is waiting
    await expect(bell(page)).toBeVisible();
    const before = await unreadOf(page);
    expect(before).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
    await bell(page).click();
    await page.waitForURL("**/notifications");
    await expect(page.getByRole("heading", { level: 1, name: "Мэдэгдэл" })).toBeVisible();
    const notice = page.getByRole("listitem").filter({ hasText: "сургалтад бүртгэгдлээ" }).first();
    await expect(notice).toContainText("Шинэ");
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/notifications-360.png`, fullPage: true });

    await notice.getByRole("button", { name: "Дэлгэрэнгүй" }).click();
    await page.waitForURL(/\/events\/[^/]+$/);
    // the count is capped at ten: below it, one fewer
    expect(await unreadOf(page)).toBe(before < 10 ? before - 1 : 10);

    await bell(page).click();
    await page.getByRole("checkbox", { name: /Дуусгах хугацааны сануулга/ }).uncheck();
    await page.getByRole("button", { name: "Хадгалах" }).click();
    await expect(page.getByText("Тохиргоог хадгаллаа.")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: /Дуусгах хугацааны сануулга/ })).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: /Гэрчилгээ/ })).toBeChecked();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 780 } });

  test("notices are opened and all marked read with plain forms", async ({ page }) => {
    await signIn(page, "ganzorig@erdem.mn");
    expect(await unreadOf(page)).toBeGreaterThan(0);
    await page.goto("/notifications");
    await page.getByRole("button", { name: "Бүгдийг уншсан болгох" }).click();
    await expect(page.getByText("Бүх мэдэгдлийг уншсан гэж тэмдэглэлээ.")).toBeVisible();
    await expect(page.getByText("Шинэ", { exact: true })).toHaveCount(0);
    expect(await unreadOf(page)).toBe(0);
    await expect(bell(page)).toHaveAccessibleName("Мэдэгдэл");
  });
});
