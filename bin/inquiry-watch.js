#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx inquiry-watch` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// Node 20 is supported until the SDK drops it (Jan 2027); say so once in the README, not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../lib/cli/main.ts');
