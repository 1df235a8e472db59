// Question and option text is Markdown (with images from the course folder); rendered to HTML once
// and cached. Raw HTML in the source is dropped, so question text cannot inject markup. Nothing in a
// question is a link: a tap on an address (often a fake one, in a phishing question) must not leave
// the exam. Addresses and links render as text, marked as lessons mark addresses.
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { rehypeAddresses } from "~/features/content/compile.server";

const cache = new Map<string, string>();

function rewriteImages(courseSlug: string) {
  return () => (tree: any) => {
    visit(tree, "element", (node: any) => {
      if (node.tagName === "img" && typeof node.properties?.src === "string" && !/^[a-z]+:|^\//i.test(node.properties.src)) {
        node.properties.src = `/content/${courseSlug}/${node.properties.src.replace(/^\.\//, "")}`;
        node.properties.loading = "lazy";
      }
    });
  };
}

const plainText = (node: any): string => (node.type === "text" ? node.value : (node.children ?? []).map(plainText).join(""));
const bare = (address: string) =>
  address
    .trim()
    .replace(/^(https?:\/\/|mailto:)/i, "")
    .replace(/\/$/, "")
    .toLowerCase();

/**
 * Every link (an author's `[text](address)`, `<https://…>`, or an address GFM would link) becomes its
 * text; where the text hides the address, the address follows in brackets, as it would on paper.
 */
function rehypeLinksAsText() {
  return (tree: any) => {
    visit(tree, "element", (node: any, index: number | undefined, parent: any) => {
      if (node.tagName !== "a" || !parent || index === undefined) return;
      const href = typeof node.properties?.href === "string" ? node.properties.href : "";
      const text = plainText(node);
      const shown =
        href && !/^#/.test(href) && !/^\s*(javascript|data|vbscript):/i.test(href) && bare(text) !== bare(href)
          ? [{ type: "text", value: ` (${href.replace(/^mailto:/i, "")})` }]
          : [];
      parent.children.splice(index, 1, ...node.children, ...shown);
      return index;
    });
  };
}

export function markdownToHtml(markdown: string, courseSlug: string, inline = false): string {
  const key = `${courseSlug}\0${inline}\0${markdown}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = String(
      unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(remarkRehype)
        .use(rewriteImages(courseSlug))
        .use(rehypeLinksAsText)
        .use(rehypeAddresses)
        .use(rehypeStringify)
        .processSync(markdown),
    );
    // Options render inline: drop the single wrapping paragraph.
    if (inline) html = html.replace(/^<p>([\s\S]*)<\/p>$/, "$1");
    cache.set(key, html);
  }
  return html;
}
