/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard is served by the control plane at /; `npm start` proxies the API to a local one.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // no inline scripts (the Content-Security-Policy forbids them) and no inlined assets
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
