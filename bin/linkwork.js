#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no separate build step to keep in sync).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv);
