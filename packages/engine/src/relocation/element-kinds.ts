// Kinds of elements: which tags and input types do the same job, so a changed tag or type is a partial match.

import { type PreparedFingerprint } from './fingerprint-features.ts';

/** Two tags of the same kind (a ↔ button, span ↔ label) agree partly. */
const TAG_FAMILY_SIMILARITY = 0.5;

const ACTION_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'image']);
const TEXT_INPUT_TYPES = new Set(['text', 'email', 'search', 'tel', 'url', 'number', 'password']);
const TAG_FAMILY: Readonly<Record<string, string>> = {
  a: 'action',
  button: 'action',
  summary: 'action',
  textarea: 'field',
  select: 'field',
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  h4: 'heading',
  h5: 'heading',
  h6: 'heading',
  span: 'text',
  p: 'text',
  label: 'text',
  li: 'text',
  td: 'text',
  th: 'text',
  strong: 'text',
  b: 'text',
  em: 'text',
  small: 'text',
  font: 'text',
  dt: 'text',
  dd: 'text',
  div: 'box',
  section: 'box',
  article: 'box',
  header: 'box',
  footer: 'box',
  nav: 'box',
  main: 'box',
  aside: 'box',
  form: 'box',
  img: 'graphic',
  svg: 'graphic',
  picture: 'graphic',
  canvas: 'graphic',
  i: 'graphic',
};

function tagFamily(element: PreparedFingerprint): string | undefined {
  if (element.tag !== 'input') return TAG_FAMILY[element.tag];
  const type = element.type ?? 'text';
  if (ACTION_INPUT_TYPES.has(type)) return 'action';
  if (type === 'checkbox' || type === 'radio') return 'toggle';
  return 'field';
}

/** 1 for the same tag, TAG_FAMILY_SIMILARITY for two of one kind (an <a> that became a <button>), else 0. */
export function compareTag(t: PreparedFingerprint, c: PreparedFingerprint): number {
  if (t.tag === c.tag) return 1;
  const family = tagFamily(t);
  return family !== undefined && family === tagFamily(c) ? TAG_FAMILY_SIMILARITY : 0;
}

/** Input types: equal, or both kinds of text entry (text ↔ email ↔ search …). */
export function typeSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  return TEXT_INPUT_TYPES.has(a) && TEXT_INPUT_TYPES.has(b) ? 0.5 : 0;
}
