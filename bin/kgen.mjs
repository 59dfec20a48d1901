#!/usr/bin/env node
// Entry point of the `kgen` command: loads the TypeScript CLI through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
await import('../generator/cli.ts');
