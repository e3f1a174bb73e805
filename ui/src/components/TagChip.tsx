import type { CSSProperties } from "react";
import type { TagDto } from "../bindings";

export function TagChip({ tag }: { tag: TagDto }) {
  const style = { "--tag-color": tag.color } as CSSProperties;
  return (
    <span className="tag-chip" style={style} title={tag.description || tag.name}>
      <span className="tag-dot" aria-hidden="true" />
      {tag.name}
    </span>
  );
}

export function TagChips({ ids, tags, max }: { ids: number[]; tags: TagDto[]; max?: number }) {
  const found = ids.map((id) => tags.find((tag) => tag.id === id)).filter((tag) => tag !== undefined);
  const shown = max === undefined ? found : found.slice(0, max);
  const hidden = found.length - shown.length;
  if (found.length === 0) return null;
  return (
    <span className="tag-chips">
      {shown.map((tag) => (
        <TagChip key={tag.id} tag={tag} />
      ))}
      {hidden > 0 ? <span className="tag-chip more">+{hidden}</span> : null}
    </span>
  );
}
