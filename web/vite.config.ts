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
    // The suite also runs inside pytest next to the browser tests on 2 cores: allow for a busy
    // machine instead of failing on vitest's 5 s default.
    testTimeout: 30_000,
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
  },
});
