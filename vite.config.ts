import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { siteHeaderPlugin } from './src/web/build/site-header.ts';

const root = fileURLToPath(new URL('./src/web/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web/', import.meta.url));

/**
 * Front end build: the static pages (map, place, compare, clusters, prize, inequality, firms, scorecard, industry
 * space, connections) served by the app server from dist/web; the site header is put into each at build time.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [siteHeaderPlugin()],
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // maplibre-gl and Observable Plot are large but loaded lazily, after first paint.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        index: `${root}index.html`,
        place: `${root}place.html`,
        compare: `${root}compare.html`,
        clusters: `${root}clusters.html`,
        prize: `${root}prize.html`,
        inequality: `${root}inequality.html`,
        firms: `${root}firms.html`,
        scorecard: `${root}scorecard.html`,
        'industry-space': `${root}industry-space.html`,
        connections: `${root}connections.html`,
      },
      output: {
        // Serve MapLibre's worker as .js so any static server sends a JavaScript MIME type.
        assetFileNames: (asset) =>
          asset.names.some((n) => n.endsWith('.mjs')) ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    // `npx vite` proxies the API to a running app server (default port 8080; override with API_ORIGIN).
    proxy: { '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:8080' },
  },
  preview: {
    proxy: { '/api': process.env.API_ORIGIN ?? 'http://127.0.0.1:8080' },
  },
});
