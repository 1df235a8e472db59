// React 18's streaming renderer encodes text into 2 KB views; when a two-byte Cyrillic letter did
// not fit at the end of one, the unwritten last byte went out as a NUL (facebook/react#26228, fixed
// after 18.3). Mongolian pages hit it at random places, depending on the reader's name; the
// patch in patches/react-dom+*.patch writes only the bytes encoded. Rendered both ways here, with
// every offset of a Cyrillic text against the view's end.
import { PassThrough } from "node:stream";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

function stream(node: React.ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const body = new PassThrough();
    body.on("data", (c: Buffer) => chunks.push(c));
    body.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(node, { onAllReady: () => pipe(body), onError: reject });
  });
}

describe("streamed pages in Mongolian", () => {
  it("are the bytes renderToString gives, with no NUL, whatever the text's offset", async () => {
    const words = "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй. Өдөр тутмын дадлууд. ";
    for (let pad = 0; pad < 8; pad++) {
      const page = (
        <main>
          <p>{"x".repeat(pad)}</p>
          {Array.from({ length: 60 }, (_, i) => (
            <p key={i}>{words}</p>
          ))}
        </main>
      );
      const bytes = await stream(page);
      expect(bytes.includes(0)).toBe(false);
      expect(bytes.toString("utf8")).toBe(renderToString(page));
    }
  });
});
