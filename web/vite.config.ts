import { defineConfig } from "vite";

// Builds the explorer into the Python package, served by `newsevents serve`
// at / (index.html) and /static/... (assets).
export default defineConfig({
  base: "/static/",
  build: {
    outDir: "../src/newsevents/serve/static",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      "/events": "http://127.0.0.1:8000",
      "/articles": "http://127.0.0.1:8000",
      "/actors": "http://127.0.0.1:8000",
      "/stats": "http://127.0.0.1:8000",
    },
  },
});
