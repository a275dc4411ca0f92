// The properties relocation compares and how much each one counts by default.

/** Every property of a fingerprint that relocation compares, in the order breakdowns list them. */
export const RELOCATION_PROPERTIES = [
  'tag',
  'role',
  'accessibleName',
  'text',
  'id',
  'name',
  'type',
  'placeholder',
  'label',
  'testIds',
  'href',
  'alt',
  'title',
  'classes',
  'value',
  'xpath',
  'idXpath',
  'position',
  'size',
  'neighborTexts',
  'frame',
] as const;

export type RelocationProperty = (typeof RELOCATION_PROPERTIES)[number];

/** Relative importance of each property; only ratios matter, the score is normalised to 0..1. */
export type RelocationWeights = Readonly<Record<RelocationProperty, number>>;

/**
 * Default weights. Identity-bearing properties that people see or that developers set on purpose
 * (text, accessible name, test ids, name, label) count most; structure (paths, classes) changes with
 * every redesign and counts least; position counts as much as text because it is what tells twins
 * apart. The weights of the properties the public Similo data set records (tag, text, id, name,
 * href, classes, paths, position, size, neighbours) were set while measuring on that set (years-apart
 * redesigns of 17 sites): bench/replay/similo.ts prints their figures beside a leave-one-app-out
 * cross-validation of automatic weight tuning. The others (role, accessible name, label, test ids,
 * placeholder, …) are set by analogy and checked by the unit and browser fixtures.
 */
export const DEFAULT_RELOCATION_WEIGHTS: RelocationWeights = {
  tag: 0.5,
  role: 1,
  accessibleName: 1.5,
  text: 1.5,
  id: 0.75,
  name: 1.5,
  type: 0.5,
  placeholder: 1,
  label: 1,
  testIds: 2,
  href: 1,
  alt: 1,
  title: 0.5,
  classes: 0.75,
  value: 0.5,
  xpath: 0.25,
  idXpath: 0.25,
  position: 1.5,
  size: 0.5,
  neighborTexts: 1.5,
  frame: 1,
};
