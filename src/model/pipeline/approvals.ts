import type { Platform } from './types.js';

/** Whether the platform keeps approvals outside the file for every deploy (trigger settings). */
export const GATE_OUTSIDE_FILE: ReadonlySet<Platform> = new Set<Platform>(['cloud-build', 'codebuild']);
