import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // lab tests create network namespaces: keep files sequential so no two labs race on /etc/netns
    fileParallelism: false,
    setupFiles: ['test/setup.ts'],
    // the run fails if it leaves temp folders behind (each test file's are removed by test/setup.ts)
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
