// Quiz text: addresses are text to read, never links to follow out of the exam.
import { describe, expect, it } from "vitest";
import { markdownToHtml } from "./markdown.server";

describe("quiz Markdown", () => {
  const phishing = [
    "Та дараах мессеж авлаа: «Таны данс хаагдана, e-mongolia.mn.account-check.top/login хаягаар нэвтэрнэ үү»",
    "эсвэл http://e-mongolia.mn-secure.xyz/verify эсвэл www.e-mongolia-login.com",
    "эсвэл [E-Mongolia-д нэвтрэх](https://e-mongolia.mn.login-help.top/auth) эсвэл <https://e-mongolia.mn/auth> эсвэл help@e-mongolia.top.",
  ].join(" ");

  it("renders no address or author link in a question, an option or an explanation as a link", () => {
    for (const inline of [false, true]) {
      const html = markdownToHtml(phishing, "sample", inline);
      expect(html).not.toMatch(/<a[\s>]/);
      expect(html).not.toContain("href");
      expect(html).toContain('<span class="url url-long">e-mongolia.mn.account-check.top/login</span>');
      expect(html).toContain('<span class="url url-long">http://e-mongolia.mn-secure.xyz/verify</span>');
      expect(html).toContain('<span class="url">www.e-mongolia-login.com</span>');
      // a link's text stays, and the address it hid is shown beside it
      expect(html).toContain('E-Mongolia-д нэвтрэх (<span class="url url-long">https://e-mongolia.mn.login-help.top/auth</span>)');
      expect(html).toContain('<span class="url">https://e-mongolia.mn/auth</span> эсвэл');
      expect(html).toContain('<span class="url">help@e-mongolia.top</span>.');
    }
  });

  it("leaves ordinary text, emphasis and course images as they were", () => {
    expect(markdownToHtml("**Анхаар**: нууц үгээ бүү хэл.", "sample")).toBe("<p><strong>Анхаар</strong>: нууц үгээ бүү хэл.</p>");
    expect(markdownToHtml("![Схем](./diagram.svg)", "sample")).toContain('src="/content/sample/diagram.svg"');
  });
});
