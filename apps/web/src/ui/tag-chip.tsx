// A tag in its own colour, readable whatever the colour.
import type { Tag } from '../api/api-types.ts';
import { safeColor, textColorOn } from '../lib/color.ts';

export function TagChip({ tag }: { tag: Pick<Tag, 'name' | 'color'> }) {
  const background = safeColor(tag.color);
  return (
    <span className="tag-chip" style={{ background, color: textColorOn(background) }}>
      {tag.name}
    </span>
  );
}

export function TagChips({ tags }: { tags: ReadonlyArray<Pick<Tag, 'id' | 'name' | 'color'>> }) {
  if (tags.length === 0) return null;
  return (
    <span className="tag-chips">
      {tags.map((tag) => (
        <TagChip key={tag.id} tag={tag} />
      ))}
    </span>
  );
}
