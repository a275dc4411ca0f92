// Makes a TypeScript function safe to send into the page with evaluate(), whatever transpiler ran it.
//
// tsx and some Vitest transforms wrap named functions in `__name(fn, "name")` helper calls (esbuild's
// keepNames). The helper exists in Node but not in the page, so a plain `page.evaluate(fn)` with any
// inner named function fails with "__name is not defined". Playwright sends `String(fn)`; we hand it a
// stand-in whose source defines a no-op `__name` around the real function.

const SHIM = 'const __name = (target) => target;';

/**
 * A stand-in for `fn` to pass to evaluate()/locator.evaluate(). Optional `prelude` code runs first in the
 * same scope; its declarations are visible to `fn` only by name (keep `fn` typed with `declare` if needed).
 * The function must not use anything from its module scope: only its parameters and page globals.
 */
export function pageFunction<F extends (...args: never[]) => unknown>(fn: F, prelude = ''): F {
  const source = `(...args) => { ${SHIM} ${prelude}\nreturn (${fn.toString()})(...args); }`;
  const standIn = (): never => {
    throw new Error('a page function runs only inside the page');
  };
  Object.defineProperty(standIn, 'toString', { value: () => source });
  return standIn as unknown as F;
}
