/**
 * zod for rules' option schemas: `import * as z from '../../src/rule/zod.js'`, then
 * `options: z.object({ … })`. A namespace import of this module (not a re-exported `z` binding)
 * lets the CLI bundle keep only the parts of zod in use; a re-exported namespace object keeps all
 * of it, locales included (a quarter of the bundle, compiled at every start-up).
 */
export * from 'zod';
