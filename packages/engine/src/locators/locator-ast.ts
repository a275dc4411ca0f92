// The parsed form of a Playwright-style locator string (steps files, recorded fingerprints, model output).

/** A regular expression written as a literal, kept as source + flags so the AST stays plain data. */
export interface RegexLiteral {
  regex: string;
  flags: string;
}

/** Text to match: a string (substring, case-insensitive unless `exact`) or a regular expression. */
export type TextValue = string | RegexLiteral;

export interface GetByRoleOptions {
  name?: TextValue;
  exact?: boolean;
  checked?: boolean;
  disabled?: boolean;
  expanded?: boolean;
  includeHidden?: boolean;
  level?: number;
  pressed?: boolean;
  selected?: boolean;
}

export interface FilterOptions {
  hasText?: TextValue;
  hasNotText?: TextValue;
  has?: LocatorChain;
  hasNot?: LocatorChain;
  visible?: boolean;
}

export const TEXT_METHODS = [
  'getByText',
  'getByLabel',
  'getByPlaceholder',
  'getByAltText',
  'getByTitle',
] as const;
export type TextMethod = (typeof TEXT_METHODS)[number];

export type LocatorStep =
  | { method: 'getByRole'; role: string; options: GetByRoleOptions }
  | { method: TextMethod; text: TextValue; exact?: boolean }
  | { method: 'getByTestId'; testId: TextValue }
  | { method: 'locator'; selector: string; filter: FilterOptions }
  | { method: 'frameLocator'; selector: string }
  | { method: 'contentFrame' }
  | { method: 'first' }
  | { method: 'last' }
  | { method: 'nth'; index: number }
  | { method: 'filter'; filter: FilterOptions }
  | { method: 'and' | 'or'; other: LocatorChain }
  /** A raw Playwright selector string such as `css=…`, `xpath=…`, `text=…`, `role=…` or plain CSS. */
  | { method: 'selector'; selector: string };

export interface LocatorChain {
  steps: LocatorStep[];
}

export function isRegexLiteral(value: TextValue | undefined): value is RegexLiteral {
  return typeof value === 'object' && value !== null;
}
