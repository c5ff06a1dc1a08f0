/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies /api (and the /api/ws socket) to a local `sluice up --port 8123`.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../src/sluice/api/static",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/api": { target: "http://127.0.0.1:8123", ws: true } },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
  },
});
