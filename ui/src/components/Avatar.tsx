import type { CSSProperties } from "react";
import { hueFor, initials } from "../lib/initials";

export function Avatar({
  name,
  size = 36,
  color,
  className,
}: {
  name: string;
  size?: number;
  /** A member's colour; contacts get a hue derived from their name. */
  color?: string;
  className?: string;
}) {
  const hue = hueFor(name);
  const style: CSSProperties = {
    width: size,
    height: size,
    fontSize: Math.round(size * 0.38),
    ...(color !== undefined
      ? { background: color, color: "#fff" }
      : { background: `hsl(${hue} 60% 90%)`, color: `hsl(${hue} 45% 32%)` }),
  };
  return (
    <span className={className === undefined ? "avatar" : `avatar ${className}`} style={style} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
