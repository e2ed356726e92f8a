export { defineRule } from './define.js';
/** For rules' option schemas (`options: z.object({ … })`). */
export { z } from 'zod';
export type * from './types.js';
export { identityKey } from './types.js';
export type { Document } from '../document/document.js';
export type { FileKind } from '../document/kinds.js';
export { FILE_KINDS, PIPELINE_KINDS } from '../document/kinds.js';
