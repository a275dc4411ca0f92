// The recorded identity of a DOM element (DESIGN §4): many independent signals, so no single change breaks relocation.
import { z } from 'zod';

export const boundingBoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});
export type BoundingBox = z.infer<typeof boundingBoxSchema>;

/**
 * Where the element lives: the chain of `<iframe>` elements from the top document (each as a CSS
 * selector within its parent document) and the chain of open shadow hosts within that frame.
 */
export const elementFrameSchema = z.object({
  /** URL of the frame document holding the element. */
  url: z.string(),
  /** `name` attribute of the innermost iframe, if any. */
  name: z.string().nullable(),
  /** CSS selectors of the iframes from the top document down; empty for the main frame. */
  framePath: z.array(z.string()),
  /** CSS selectors of the open shadow hosts from the frame document down; empty if none. */
  shadowPath: z.array(z.string()),
});
export type ElementFrame = z.infer<typeof elementFrameSchema>;

export const ELEMENT_FINGERPRINT_VERSION = 1;

/**
 * Every string field is trimmed with whitespace collapsed and capped in length; `null` means the
 * element has no such property. Values of password fields and exact secret values are never stored.
 */
export const elementFingerprintSchema = z.object({
  version: z.literal(ELEMENT_FINGERPRINT_VERSION),
  /** Lower-case tag name. */
  tag: z.string(),
  /** Explicit or implicit ARIA role. */
  role: z.string().nullable(),
  /** Accessible name as computed for the role. */
  accessibleName: z.string().nullable(),
  /** Visible text content. */
  text: z.string().nullable(),
  id: z.string().nullable(),
  name: z.string().nullable(),
  type: z.string().nullable(),
  placeholder: z.string().nullable(),
  /** Text of the associated <label> (for=, wrapping, aria-labelledby). */
  label: z.string().nullable(),
  /** Test-id attributes present: data-testid, data-test-id, data-test, data-qa, data-cy. */
  testIds: z.record(z.string(), z.string()),
  href: z.string().nullable(),
  alt: z.string().nullable(),
  title: z.string().nullable(),
  classes: z.array(z.string()),
  /** Current value of form controls; null for password fields and whenever a secret is involved. */
  value: z.string().nullable(),
  /** Unique CSS path within its document or shadow root. */
  cssPath: z.string(),
  /** Absolute XPath within its document, e.g. /html/body/div[2]/button[1]. */
  xpath: z.string(),
  /** XPath relative to the nearest ancestor with an id, e.g. //*[@id="cart"]/div[1]/button. */
  idXpath: z.string().nullable(),
  /** Box in CSS pixels relative to the top-level viewport at capture time. */
  boundingBox: boundingBoxSchema.nullable(),
  /** Texts of visually neighbouring elements, nearest first. */
  neighborTexts: z.array(z.string()),
  frame: elementFrameSchema,
  /** A Playwright locator for the element in Playwright's test syntax, e.g. getByRole('button', { name: 'Pay' }). */
  locator: z.string().nullable(),
});
export type ElementFingerprint = z.infer<typeof elementFingerprintSchema>;
