// Question and option text is Markdown (with images from the course folder); rendered to HTML once
// and cached. Raw HTML in the source is dropped, so question text cannot inject markup.
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";

const cache = new Map<string, string>();

function rewriteImages(courseSlug: string) {
  return () => (tree: any) => {
    visit(tree, "element", (node: any) => {
      if (node.tagName === "img" && typeof node.properties?.src === "string" && !/^[a-z]+:|^\//i.test(node.properties.src)) {
        node.properties.src = `/content/${courseSlug}/${node.properties.src.replace(/^\.\//, "")}`;
        node.properties.loading = "lazy";
      }
      if (node.tagName === "a" && /^\s*javascript:/i.test(String(node.properties?.href ?? ""))) delete node.properties.href;
    });
  };
}

export function markdownToHtml(markdown: string, courseSlug: string, inline = false): string {
  const key = `${courseSlug}\0${inline}\0${markdown}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = String(
      unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rewriteImages(courseSlug)).use(rehypeStringify).processSync(markdown),
    );
    // Options render inline: drop the single wrapping paragraph.
    if (inline) html = html.replace(/^<p>([\s\S]*)<\/p>$/, "$1");
    cache.set(key, html);
  }
  return html;
}
