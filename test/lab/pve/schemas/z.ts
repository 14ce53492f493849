/**
 * The part of zod the stand-in tools use, as named re-exports: `import * as z from '../schemas/z'`
 * reads like `import { z } from 'zod'`, but esbuild then bundles only what is used instead of zod's
 * whole `z` namespace (with its 40-odd locales), which takes ~35 ms off every tool's start-up.
 */
export { array, boolean, discriminatedUnion, enum, literal, number, object, record, string } from 'zod';
export type { infer } from 'zod';
