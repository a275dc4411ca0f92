-- Built-in browser-config presets (organization_id NULL: read-only, visible to every organization).
-- Same ids everywhere; the values are the engine's BUILTIN_BROWSER_CONFIGS parsed by browserConfigSchema
-- (a domain test fails if they drift apart).
INSERT INTO "browser_configs" ("id", "organization_id", "name", "browser_config") VALUES
  ('builtin-desktop-chromium', NULL, 'Desktop Chromium 1280×720',
   '{"browser": "chromium", "viewport": {"width": 1280, "height": 720}, "headless": true}'::jsonb),
  ('builtin-phone-pixel-7', NULL, 'Pixel 7 (emulated in Chromium)',
   '{"browser": "chromium", "device": "Pixel 7", "headless": true}'::jsonb),
  ('builtin-tablet-ipad', NULL, 'iPad (gen 7) (emulated in Chromium)',
   '{"browser": "chromium", "device": "iPad (gen 7)", "headless": true}'::jsonb)
ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "browser_config" = EXCLUDED."browser_config";
