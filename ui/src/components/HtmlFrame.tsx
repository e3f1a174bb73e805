import { useEffect, useRef, useState } from "react";
import "./htmlFrame.css";

/** Heights already measured, so a frame scrolled back into a virtual list doesn't jump. */
const measured = new Map<string, number>();

/**
 * Untrusted HTML in a sandboxed frame: no scripts (`allow-scripts` is never
 * given), links may open outside, and same-origin only so the window can
 * read the page's height and grow the frame to fit it (no inner scrollbar).
 */
export function HtmlFrame({
  srcDoc,
  title,
  cacheKey,
  minHeight = 24,
  testId,
  className,
}: {
  srcDoc: string;
  title: string;
  /** Remembers the height under this key (e.g. the message id and view). */
  cacheKey?: string;
  minHeight?: number;
  testId?: string;
  className?: string;
}) {
  const ref = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const [height, setHeight] = useState(() => (cacheKey !== undefined ? measured.get(cacheKey) : undefined) ?? minHeight);

  const measure = () => {
    const root = ref.current?.contentDocument?.documentElement;
    if (root === undefined || root === null) return;
    const h = Math.max(minHeight, Math.ceil(root.getBoundingClientRect().height));
    setHeight(h);
    if (cacheKey !== undefined) measured.set(cacheKey, h);
  };

  const onLoad = () => {
    measure();
    observer.current?.disconnect();
    const root = ref.current?.contentDocument?.documentElement;
    if (root !== undefined && root !== null && typeof ResizeObserver === "function") {
      // late images, fonts and a narrower window change the page's height
      const watch = new ResizeObserver(() => measure());
      watch.observe(root);
      observer.current = watch;
    }
  };

  useEffect(() => () => observer.current?.disconnect(), []);

  return (
    <iframe
      ref={ref}
      className={`html-frame${className !== undefined ? ` ${className}` : ""}`}
      title={title}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      onLoad={onLoad}
      style={{ height }}
      data-testid={testId}
    />
  );
}
