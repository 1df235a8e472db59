import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/security/**/*.test.ts"],
    setupFiles: ["tests/setup/database.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PUBLIC_URL is the origin tests/helpers.ts sends its requests to.
    env: { NODE_ENV: "test", SESSION_COOKIE_SECURE: "true", PUBLIC_URL: "http://localhost" },
  },
});
