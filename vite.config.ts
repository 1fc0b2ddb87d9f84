import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The SPA is built into dist/ (or dist-e2e/ for the end-to-end build with test hooks) and served by the
// Fastify server; `vite` alone proxies /api to a server on 8080 for front-end work.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  build: {
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
}));
