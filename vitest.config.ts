import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // lab tests create network namespaces: keep files sequential so no two labs race on /etc/netns
    fileParallelism: false,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
