// Composes the in-page fingerprint libraries into one function source for evaluate(), safe under any transpiler.
import { createNameHelpers } from './page-aria-names.ts';
import { createRoleHelpers } from './page-aria-roles.ts';
import { createDomHelpers } from './page-dom-helpers.ts';
import {
  createFingerprinter,
  describeFrameElementInPage,
  fingerprintCandidatesInPage,
  fingerprintElementInPage,
  fingerprintOnlyElementInPage,
  type PageLibraries,
} from './page-fingerprint-script.ts';
import { createLocatorHelpers } from './page-locator-helpers.ts';

// `__name` is a no-op stand-in for the helper esbuild's keepNames inserts (see browser/page-function.ts).
const PRELUDE = [
  'const __name = (target) => target;',
  `const libs = {};`,
  `libs.dom = (${createDomHelpers.toString()})();`,
  `const roles = (${createRoleHelpers.toString()})(libs.dom);`,
  `libs.aria = { ...roles, ...(${createNameHelpers.toString()})(libs.dom, roles) };`,
  `libs.locators = (${createLocatorHelpers.toString()})(libs.dom, libs.aria);`,
  `const createFingerprinter = (${createFingerprinter.toString()});`,
].join('\n');

/** A stand-in for evaluate() whose page-side source runs `entry(libs, ...args)` with the libraries built. */
function withPageLibraries<A extends unknown[], R>(
  entry: (libs: PageLibraries, ...args: A) => R,
): (...args: A) => R {
  const source = `(...args) => {\n${PRELUDE}\nreturn (${entry.toString()})(libs, ...args);\n}`;
  const standIn = (): never => {
    throw new Error('a page function runs only inside the page');
  };
  Object.defineProperty(standIn, 'toString', { value: () => source });
  return standIn as unknown as (...args: A) => R;
}

export const FINGERPRINT_ELEMENT = withPageLibraries(fingerprintElementInPage);
export const FINGERPRINT_ONLY_ELEMENT = withPageLibraries(fingerprintOnlyElementInPage);
export const FINGERPRINT_CANDIDATES = withPageLibraries(fingerprintCandidatesInPage);
export const DESCRIBE_FRAME_ELEMENT = withPageLibraries(describeFrameElementInPage);
