// Text put into HTML by hand (a page built from a template, the exam queue's page, an e-mail),
// escaped as React escapes text, so that the same name reads the same everywhere.
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
