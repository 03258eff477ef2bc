// Builds the console into dist/, which admin-api serves at /admin (same origin, so the API
// needs no CORS for the console). `npm run dev -w admin-ui` proxies the API to a running
// admin-api (CHRONOS_API_URL, default http://127.0.0.1:8080) for working on the UI.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiUrl = process.env.CHRONOS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': apiUrl } },
});
