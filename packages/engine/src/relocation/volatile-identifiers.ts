// Detects ids and class names that a build or a render generates (hashes, counters), which deserve little trust when relocating.

/** Whole-value patterns of generated identifiers, by the tool that generates them. */
const GENERATED_PATTERNS: readonly RegExp[] = [
  /:r[0-9a-z]*:/i, // React useId ≤18: ":r3:", "radix-:r1:"
  /«r[0-9a-z]*»/i, // React 19 useId
  /^(?:ember|ext-gen|ext-comp|gwt-uid-|__bvid__|j_idt|jss|yui_)\d/i, // Ember, ExtJS, GWT, BootstrapVue, JSF, JSS, YUI
  // Library counters: "mat-input-0", "headlessui-menu-button-3", "react-select-2-input".
  /^(?:mat|mui|cdk|react-select|downshift|headlessui|radix|rc-[a-z]+|tabs|menu|aria|uid|id)-(?:[a-z-]*-)?\d+(?:-[a-z]+)*$/i,
  /^css-[0-9a-z]{4,}(?:-[a-z]+)?$/i, // Emotion
  /^jsx-\d+$/i, // styled-jsx
  /^svelte-[0-9a-z]{4,}$/i, // Svelte scoped styles
  /^sc-[0-9a-z]+$/i, // styled-components (component id)
  /-sc-[0-9a-z]+-\d+$/i, // styled-components v5: "Link-sc-1khjl8b-0"
  /__[0-9a-z_-]{5}$/i, // CSS modules: "Button_root__3xQ2a"
  /^_[0-9a-z_-]{5,}$/i, // CSS modules (production): "_3xQ2a"
  /^makestyles-/i, // Material UI v4
  /^ng-tns-c\d+/i, // Angular animations
  /^_ng(?:content|host)-/i, // Angular emulated encapsulation
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, // UUID
  /^\d/, // starts with a digit: database keys, timestamps
];

const SEGMENT_SEPARATORS = /[-_:.\s]+/;
const HEX_RUN = /[0-9a-f]{8,}/i;

/** A run of at least 8 hex characters mixing letters and digits: a content hash. */
function hasHashRun(value: string): boolean {
  const match = HEX_RUN.exec(value);
  if (!match) return false;
  const run = match[0];
  return /\d/.test(run) && /[a-f]/i.test(run);
}

/**
 * A segment that mixes letters and digits in a way people do not write: "1q2j1fr", "e1d5eg6m0",
 * "hn4bge", "ember123". Letters followed by one or two digits ("h1", "step2", "col12") read as words.
 */
function isRandomSegment(segment: string): boolean {
  if (segment.length < 5) return false;
  const hasDigit = /\d/.test(segment);
  const hasLetter = /[a-z]/i.test(segment);
  if (!hasDigit || !hasLetter) return false;
  if (/^[a-z]+\d{1,2}$/i.test(segment)) return false;
  return true;
}

// Class names repeat across a page (and pages of one app): remember verdicts, within a bound.
const MEMO_LIMIT = 20_000;
const memo = new Map<string, boolean>();

/** True for ids and class names that look generated: they will likely differ on the next build or render. */
export function isVolatileIdentifier(value: string): boolean {
  let verdict = memo.get(value);
  if (verdict === undefined) {
    verdict = judgeIdentifier(value);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, verdict);
  }
  return verdict;
}

function judgeIdentifier(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return false;
  if (GENERATED_PATTERNS.some((pattern) => pattern.test(trimmed))) return true;
  if (hasHashRun(trimmed)) return true;
  const segments = trimmed.split(SEGMENT_SEPARATORS);
  return segments.some(isRandomSegment);
}

/** Ids (not classes) ending in a number of 3+ digits are usually row or record keys: "post-48213", "item_1042". */
export function isVolatileId(value: string): boolean {
  return isVolatileIdentifier(value) || /(?:^|[-_:.])\d{3,}$/.test(value.trim());
}

/** Classes that reflect momentary UI state rather than identity; they differ between recording and replay. */
const STATE_CLASSES = new Set([
  'active',
  'is-active',
  'selected',
  'is-selected',
  'current',
  'is-current',
  'open',
  'is-open',
  'opened',
  'show',
  'shown',
  'hidden',
  'is-hidden',
  'hover',
  'is-hover',
  'hovered',
  'focus',
  'focused',
  'is-focused',
  'focus-visible',
  'disabled',
  'is-disabled',
  'checked',
  'is-checked',
  'expanded',
  'is-expanded',
  'collapsed',
  'is-collapsed',
  'in',
  'fade',
  'visible',
  'is-visible',
  'loading',
  'is-loading',
  'loaded',
  'invalid',
  'is-invalid',
  'valid',
  'is-valid',
  'error',
  'has-error',
  'dirty',
  'pristine',
  'touched',
  'untouched',
]);

export function isStateClass(value: string): boolean {
  const lower = value.toLowerCase();
  return (
    STATE_CLASSES.has(lower) ||
    /^ng-(?:touched|untouched|dirty|pristine|valid|invalid|pending|star-inserted|animating)$/.test(
      lower,
    )
  );
}

const CAMEL_BOUNDARY = /([a-z\d])([A-Z])/g;

/** Words of an identifier: split on separators and camelCase, lower-cased ("js-toggleLeftNav" → js, toggle, left, nav). */
export function identifierWords(value: string): Set<string> {
  const words = new Set<string>();
  for (const part of value.replace(CAMEL_BOUNDARY, '$1 $2').split(/[^\p{L}\p{N}]+/u)) {
    if (part !== '') words.add(part.toLowerCase());
  }
  return words;
}
