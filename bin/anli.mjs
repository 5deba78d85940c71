#!/usr/bin/env node
// Entry of the `anli` command: runs the TypeScript CLI through tsx without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../apps/cli/src/main.ts');
