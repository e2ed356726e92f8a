/** Syntax helpers rules may import. Pure: no I/O. */
export * from './data.js';
