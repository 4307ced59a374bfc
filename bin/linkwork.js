#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no separate build step to keep in sync).
import { register } from 'tsx/esm/api';

register();
const { runCli, processIo } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), processIo());
