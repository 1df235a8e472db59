// The component library lessons may use. Rendered once on the server into static HTML, so every
// component works without JavaScript: tabs and practice answers are <details>, not scripts.
import { Children, isValidElement, type ReactNode } from "react";
import type { Language } from "~/i18n/config";

const LABELS = {
  mn: {
    info: "Мэдээлэл",
    warning: "Анхааруулга",
    tip: "Зөвлөмж",
    keyTerms: "Гол нэр томьёо",
    checklist: "Хяналтын жагсаалт",
    practice: "Өөрийгөө шалгах",
    showAnswer: "Хариултыг харах",
    correct: "Зөв хариулт",
    videoFallback: "Таны хөтөч видеог тоглуулж чадахгүй байна. Файлыг татаж авах:",
    openFullSize: "бүтэн хэмжээгээр нээх",
    figureHint: "Томруулж харах бол зураг дээр дарна уу",
  },
  en: {
    info: "Note",
    warning: "Warning",
    tip: "Tip",
    keyTerms: "Key terms",
    checklist: "Checklist",
    practice: "Check yourself",
    showAnswer: "Show the answer",
    correct: "Correct answer",
    videoFallback: "Your browser cannot play this video. Download the file:",
    openFullSize: "open full size",
    figureHint: "Tap the picture to see it full size",
  },
} as const;

const ICONS = {
  info: "M12 2a10 10 0 100 20 10 10 0 000-20zm1 15h-2v-6h2zm0-8h-2V7h2z",
  warning: "M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z",
  tip: "M9 21h6v-1H9zm3-19a7 7 0 00-4 12.7V17h8v-2.3A7 7 0 0012 2z",
};

/**
 * A web address, domain or e-mail address in running text. Lessons teach people to read these, so
 * they are marked (class `url`) never to wrap at a hyphen: "e-⏎mongolia.mn" looks like two words.
 * The last label needs two letters, so "e.g." is not one.
 */
export const ADDRESS =
  /(?<![\w./@-])(?:https?:\/\/|[\w.+-]+@)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9](?:\/(?:[^\s«»"'“”()<>]*[^\s«»"'“”()<>.,;:!?])?)?/gi;

/** Splits text into plain strings and the addresses in it, for callers to wrap the addresses. */
export function splitAddresses(text: string): { text: string; address: boolean }[] {
  const parts: { text: string; address: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(ADDRESS)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), address: false });
    parts.push({ text: m[0], address: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), address: false });
  return parts;
}

/**
 * The class for an address: `url` keeps it whole on one line when it fits; a long one (`url-long`)
 * flows as text on a phone instead, so that it does not stand as a box of its own.
 */
export function addressClass(address: string): string {
  return address.length > 26 ? "url url-long" : "url";
}

function withAddresses(text: string): ReactNode {
  return splitAddresses(text).map((p, i) =>
    p.address ? (
      <span key={i} className={addressClass(p.text)}>
        {p.text}
      </span>
    ) : (
      p.text
    ),
  );
}

/** The generic label a box prints when nothing else names it, or undefined for other components. */
export function boxLabel(lng: Language, component: string): string | undefined {
  const key = BOX_LABELS[component];
  return key ? LABELS[lng][key] : undefined;
}
const BOX_LABELS: Partial<Record<string, "checklist" | "practice" | "keyTerms">> = { Checklist: "checklist", Practice: "practice", KeyTerms: "keyTerms" };

export interface AssetInfo {
  url: string;
  width?: number;
  height?: number;
}

/** Components for one course and language; `asset` maps a path in the course folder to its URL and size. */
export function lessonComponents(lng: Language, asset: (src: string) => AssetInfo) {
  const L = LABELS[lng];
  let tabGroups = 0;
  return {
    Callout({ type = "info", title, children }: { type?: "info" | "warning" | "tip"; title?: string; children?: ReactNode }) {
      return (
        <aside className={`callout callout-${type}`} aria-label={title ?? L[type]}>
          <p className="callout-title">
            <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24">
              <path d={ICONS[type]} fill="currentColor" />
            </svg>
            {title ?? L[type]}
          </p>
          {children}
        </aside>
      );
    },
    Steps({ children }: { children?: ReactNode }) {
      return <div className="steps">{children}</div>;
    },
    Figure({ src, alt, caption, width }: { src: string; alt: string; caption?: string; width?: number | string }) {
      const a = asset(src);
      // On a phone a wide diagram shrinks until its labels cannot be read: the picture links to the
      // file itself, which opens at full size and can be zoomed.
      return (
        <figure className="lesson-figure">
          <a className="figure-link" href={a.url}>
            <img
              src={a.url}
              alt={alt}
              width={a.width}
              height={a.height}
              loading="lazy"
              decoding="async"
              style={width ? { maxWidth: `${width}px` } : undefined}
            />
            <span className="sr-only"> ({L.openFullSize})</span>
          </a>
          <p className="figure-hint" aria-hidden="true">
            <svg width="16" height="16" viewBox="0 0 24 24">
              <path
                d="M10 2a8 8 0 016.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 8 0 1110 2zm0 2a6 6 0 100 12 6 6 0 000-12zm1 2v3h3v2h-3v3H9v-3H6V9h3V6z"
                fill="currentColor"
              />
            </svg>
            {L.figureHint}
          </p>
          {caption ? <figcaption>{caption}</figcaption> : null}
        </figure>
      );
    },
    Video({ src, captions, title, poster }: { src: string; captions: string; title?: string; poster?: string }) {
      const v = asset(src);
      return (
        <figure className="lesson-video">
          <video controls preload="none" poster={poster ? asset(poster).url : undefined} aria-label={title}>
            <source src={v.url} />
            <track kind="captions" src={asset(captions).url} srcLang={lng} label={lng === "mn" ? "Монгол" : "English"} default />
            <p>
              {L.videoFallback} <a href={v.url}>{title ?? src}</a>
            </p>
          </video>
          {title ? <figcaption>{title}</figcaption> : null}
        </figure>
      );
    },
    // `titledByHeading` is set by the compiler when a heading introduces the box: the heading is then
    // its visible title, and printing the generic label too would only repeat it. The region keeps the
    // generic label as its name, so that two boxes under one heading are still told apart.
    KeyTerms({ titledByHeading, children }: { titledByHeading?: boolean; children?: ReactNode }) {
      return (
        <section className="key-terms" aria-label={L.keyTerms}>
          {titledByHeading ? null : <p className="key-terms-title">{L.keyTerms}</p>}
          <dl>{children}</dl>
        </section>
      );
    },
    Term({ name, children }: { name: string; children?: ReactNode }) {
      return (
        <div className="key-term">
          <dt>{name}</dt>
          <dd>{children}</dd>
        </div>
      );
    },
    Checklist({ titledByHeading, children }: { titledByHeading?: boolean; children?: ReactNode }) {
      return (
        <section className="checklist" aria-label={L.checklist}>
          {titledByHeading ? null : <p className="checklist-title">{L.checklist}</p>}
          {children}
        </section>
      );
    },
    // All closed at first, so a phone shows the choices before any content; one shared `name` makes
    // them exclusive (opening one closes the other) where browsers support it, like real tabs.
    Tabs({ children }: { children?: ReactNode }) {
      const group = `tabs-${++tabGroups}`;
      return (
        <div className="tabs">
          {Children.map(children, (child) => {
            if (!isValidElement<{ label: string; children?: ReactNode }>(child)) return null;
            return (
              <details className="tab" name={group}>
                <summary>{child.props.label}</summary>
                <div className="tab-panel">{child.props.children}</div>
              </details>
            );
          })}
        </div>
      );
    },
    Tab({ children }: { label: string; children?: ReactNode }) {
      return <>{children}</>;
    },
    Practice({
      question,
      options,
      answer,
      titledByHeading,
      children,
    }: {
      question: string;
      options: string[];
      answer: number;
      titledByHeading?: boolean;
      children?: ReactNode;
    }) {
      const letter = (i: number) => String.fromCharCode(65 + i);
      return (
        <section className="practice" aria-label={L.practice}>
          {titledByHeading ? null : <p className="practice-title">{L.practice}</p>}
          <p className="practice-question">{withAddresses(question)}</p>
          <ol className="practice-options">
            {options.map((o, i) => (
              <li key={i}>
                <span className="practice-letter">{letter(i)}</span> {withAddresses(o)}
              </li>
            ))}
          </ol>
          <details>
            <summary>{L.showAnswer}</summary>
            <p>
              <strong>
                {L.correct}: {letter(answer)}. {withAddresses(options[answer])}
              </strong>
            </p>
            {children}
          </details>
        </section>
      );
    },
    table({ children }: { children?: ReactNode }) {
      return (
        <div className="table-wrap">
          <table>{children}</table>
        </div>
      );
    },
    // A single token in inline code (an address, a password) is kept whole, never broken at a hyphen.
    code({ className, children }: { className?: string; children?: ReactNode }) {
      const token = typeof children === "string" && !/\s/.test(children);
      return <code className={[className, token ? addressClass(children) : null].filter(Boolean).join(" ") || undefined}>{children}</code>;
    },
    a({ href, children }: { href?: string; children?: ReactNode }) {
      const external = href ? /^https?:\/\//.test(href) : false;
      return (
        <a href={href} rel={external ? "noopener noreferrer" : undefined}>
          {children}
        </a>
      );
    },
  };
}
