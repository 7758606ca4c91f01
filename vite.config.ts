// Vite builds the web app (src/web) into dist/web, which the Farley server serves at `/`.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    manifest: true,
    // Chunks are split per route (React.lazy); a size warning here means one area grew too big.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite` during development: the API comes from a Farley server on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
