// The BrowserConfig JSON stored per browser config row: validated once here, used by sessions and the API.
import { devices } from 'playwright-core';
import { z } from 'zod';

export const BROWSER_NAMES = ['chromium', 'firefox', 'webkit'] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];

/** Names of Playwright's device descriptors, e.g. 'Pixel 7', 'iPad (gen 7)'. */
export const DEVICE_NAMES: readonly string[] = Object.keys(devices);

const viewportSchema = z
  .object({
    width: z.number().int().min(200).max(7680),
    height: z.number().int().min(200).max(4320),
  })
  .strict();

const isValidLocale = (value: string): boolean => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
};

const isValidTimezone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const cookieSchema = z
  .object({
    name: z.string(),
    value: z.string(),
    domain: z.string(),
    path: z.string(),
    expires: z.number(),
    httpOnly: z.boolean(),
    secure: z.boolean(),
    sameSite: z.enum(['Strict', 'Lax', 'None']),
  })
  .strict();

const storageStateSchema = z
  .object({
    cookies: z.array(cookieSchema).default([]),
    origins: z
      .array(
        z
          .object({
            origin: z.string().url(),
            localStorage: z.array(z.object({ name: z.string(), value: z.string() }).strict()),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const browserConfigSchema = z
  .object({
    /** Only chromium runs locally; firefox and webkit need a remote browser endpoint. */
    browser: z.enum(BROWSER_NAMES).default('chromium'),
    /** A Playwright device descriptor name; its viewport, user agent and touch settings apply first. */
    device: z
      .string()
      .refine((name) => DEVICE_NAMES.includes(name), {
        message: 'unknown device: use a Playwright device descriptor name such as "Pixel 7"',
      })
      .optional(),
    viewport: viewportSchema.optional(),
    deviceScaleFactor: z.number().min(0.5).max(4).optional(),
    isMobile: z.boolean().optional(),
    hasTouch: z.boolean().optional(),
    locale: z
      .string()
      .refine(isValidLocale, { message: 'locale must be a BCP 47 tag such as "en-US"' })
      .optional(),
    timezoneId: z
      .string()
      .refine(isValidTimezone, {
        message: 'timezoneId must be an IANA zone such as "Europe/Paris"',
      })
      .optional(),
    colorScheme: z.enum(['light', 'dark', 'no-preference']).optional(),
    userAgent: z.string().min(1).max(1000).optional(),
    extraHTTPHeaders: z.record(z.string().min(1), z.string()).optional(),
    geolocation: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        accuracy: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    permissions: z.array(z.string().min(1)).optional(),
    storageState: storageStateSchema.optional(),
    headless: z.boolean().default(true),
  })
  .strict();

/** A validated browser config, defaults applied. */
export type BrowserConfig = z.infer<typeof browserConfigSchema>;
/** A browser config as written by a user, before defaults. */
export type BrowserConfigInput = z.input<typeof browserConfigSchema>;

/** Built-in presets (DESIGN §1): emulated in Chromium so they run on any machine. */
export const BUILTIN_BROWSER_CONFIGS = [
  {
    key: 'desktop-chromium',
    name: 'Desktop Chromium 1280×720',
    config: { browser: 'chromium', viewport: { width: 1280, height: 720 } },
  },
  {
    key: 'phone-pixel-7',
    name: 'Pixel 7 (emulated in Chromium)',
    config: { browser: 'chromium', device: 'Pixel 7' },
  },
  {
    key: 'tablet-ipad',
    name: 'iPad (gen 7) (emulated in Chromium)',
    config: { browser: 'chromium', device: 'iPad (gen 7)' },
  },
] as const satisfies readonly { key: string; name: string; config: BrowserConfigInput }[];
