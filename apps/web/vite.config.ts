// Vite build of the dashboard into dist/ (served by `retrace serve`); `npm run dev` proxies /api to a running server.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Dev only: where `retrace serve` listens, so the dev server can forward API calls to it.
const apiTarget = process.env.RETRACE_API_URL ?? 'http://127.0.0.1:4700';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
  preview: { host: '127.0.0.1' },
});
