export { defineRule } from './define.js';
// For rules' option schemas: `import * as z from '../../src/rule/zod.js'` (see there why not from here).
export type * from './types.js';
export { identityKey } from './types.js';
export type { Document } from '../document/document.js';
export type { FileKind } from '../document/kinds.js';
export { FILE_KINDS, PIPELINE_KINDS, PROGRAMMING_LANGUAGE_KINDS } from '../document/kinds.js';
