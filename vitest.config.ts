import { defineConfig } from 'vitest/config';

// The SDK's Node 20 end-of-support notice would otherwise repeat in every worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file makes its own table.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    // CI reads a plain "N passed, N failed" line that .ci/run prints from this JSON report.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep forks few so DynamoDB Local and the loopback servers are not starved.
    pool: 'forks',
    maxWorkers: 2,
  },
});
