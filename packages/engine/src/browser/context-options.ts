// Maps a BrowserConfig onto Playwright context options: device preset first, explicit settings on top.
import { devices, type BrowserContextOptions } from 'playwright-core';
import type { BrowserConfig } from './browser-config.ts';

export interface ContextDefaults {
  /** Downloads are refused unless a caller needs them. */
  acceptDownloads?: boolean;
  baseURL?: string;
  /** Route the context through a proxy, e.g. the domain guard's loopback proxy (`startGuardProxy`). */
  proxy?: BrowserContextOptions['proxy'];
}

/**
 * Context options for a config. Service workers are always blocked: a service worker could serve or fetch
 * behind the network guard's back. Setting a geolocation grants the geolocation permission, since a
 * position the page may not read is never what a test author means.
 */
export function contextOptionsFor(
  config: BrowserConfig,
  defaults: ContextDefaults = {},
): BrowserContextOptions {
  const descriptor = config.device === undefined ? undefined : devices[config.device];
  const fromDevice: BrowserContextOptions = {};
  if (descriptor) {
    fromDevice.viewport = descriptor.viewport;
    fromDevice.userAgent = descriptor.userAgent;
    fromDevice.deviceScaleFactor = descriptor.deviceScaleFactor;
    fromDevice.isMobile = descriptor.isMobile;
    fromDevice.hasTouch = descriptor.hasTouch;
  }
  const permissions = new Set(config.permissions ?? []);
  if (config.geolocation) permissions.add('geolocation');
  const options: BrowserContextOptions = {
    ...fromDevice,
    ...(config.viewport && { viewport: config.viewport }),
    ...(config.deviceScaleFactor !== undefined && { deviceScaleFactor: config.deviceScaleFactor }),
    ...(config.isMobile !== undefined && { isMobile: config.isMobile }),
    ...(config.hasTouch !== undefined && { hasTouch: config.hasTouch }),
    ...(config.userAgent !== undefined && { userAgent: config.userAgent }),
    ...(config.locale !== undefined && { locale: config.locale }),
    ...(config.timezoneId !== undefined && { timezoneId: config.timezoneId }),
    ...(config.colorScheme !== undefined && { colorScheme: config.colorScheme }),
    ...(config.extraHTTPHeaders !== undefined && { extraHTTPHeaders: config.extraHTTPHeaders }),
    ...(config.geolocation !== undefined && { geolocation: config.geolocation }),
    ...(permissions.size > 0 && { permissions: [...permissions] }),
    ...(config.storageState !== undefined && { storageState: config.storageState }),
    ...(defaults.baseURL !== undefined && { baseURL: defaults.baseURL }),
    ...(defaults.proxy !== undefined && { proxy: defaults.proxy }),
    acceptDownloads: defaults.acceptDownloads ?? false,
    serviceWorkers: 'block',
  };
  // Firefox has no mobile emulation; Playwright refuses the option there.
  if (config.browser === 'firefox') delete options.isMobile;
  return options;
}
