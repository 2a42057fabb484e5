import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built into web/dist and served by the Kazna server from the same origin, so the
// API needs no CORS and cookies stay SameSite=Strict.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
