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
  },
} as const;

const ICONS = {
  info: "M12 2a10 10 0 100 20 10 10 0 000-20zm1 15h-2v-6h2zm0-8h-2V7h2z",
  warning: "M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z",
  tip: "M9 21h6v-1H9zm3-19a7 7 0 00-4 12.7V17h8v-2.3A7 7 0 0012 2z",
};

export interface AssetInfo {
  url: string;
  width?: number;
  height?: number;
}

/** Components for one course and language; `asset` maps a path in the course folder to its URL and size. */
export function lessonComponents(lng: Language, asset: (src: string) => AssetInfo) {
  const L = LABELS[lng];
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
      return (
        <figure className="lesson-figure">
          <img src={a.url} alt={alt} width={a.width} height={a.height} loading="lazy" decoding="async" style={width ? { maxWidth: `${width}px` } : undefined} />
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
    KeyTerms({ children }: { children?: ReactNode }) {
      return (
        <section className="key-terms" aria-label={L.keyTerms}>
          <p className="key-terms-title">{L.keyTerms}</p>
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
    Checklist({ children }: { children?: ReactNode }) {
      return (
        <section className="checklist" aria-label={L.checklist}>
          <p className="checklist-title">{L.checklist}</p>
          {children}
        </section>
      );
    },
    Tabs({ children }: { children?: ReactNode }) {
      let index = 0;
      return (
        <div className="tabs">
          {Children.map(children, (child) => {
            if (!isValidElement<{ label: string; children?: ReactNode }>(child)) return null;
            const open = index++ === 0;
            return (
              <details className="tab" open={open}>
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
    Practice({ question, options, answer, children }: { question: string; options: string[]; answer: number; children?: ReactNode }) {
      const letter = (i: number) => String.fromCharCode(65 + i);
      return (
        <section className="practice" aria-label={L.practice}>
          <p className="practice-title">{L.practice}</p>
          <p className="practice-question">{question}</p>
          <ol className="practice-options">
            {options.map((o, i) => (
              <li key={i}>
                <span className="practice-letter">{letter(i)}</span> {o}
              </li>
            ))}
          </ol>
          <details>
            <summary>{L.showAnswer}</summary>
            <p>
              <strong>
                {L.correct}: {letter(answer)}. {options[answer]}
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
