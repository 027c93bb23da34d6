#!/usr/bin/env node
// `npm run bench`: runs bench/index.ts through tsx (no build step), as bin/mixstudy.js does for the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../bench/index.ts');
