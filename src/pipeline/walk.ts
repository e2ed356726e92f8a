import type { Document } from '../document/document.js';
import type { Note, RuleContext, VisitorRule } from '../rule/types.js';
import { ruleCrash } from './rule-context.js';

/** A visitor rule with the context its findings go to. */
export interface ActiveVisitor {
  ctx: RuleContext;
  rule: VisitorRule;
  key: string;
}

const SKIP_KEYS = new Set(['loc', 'start', 'end', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'errors', 'comments', 'tokens']);

/**
 * Walks a JS/TS tree once, calling every visitor registered for each node type. A visitor that
 * throws is noted and skipped for the rest of the file. Returns whether one failed.
 */
export function walkVisitors(doc: Document, visitors: readonly ActiveVisitor[], notes: Note[]): boolean {
  const tree = doc.js();
  if (!tree) return false;
  const dispatch = new Map<string, { ctx: RuleContext; key: string; fn: (node: any, ctx: RuleContext) => void }[]>();
  for (const { ctx, rule, key } of visitors) {
    for (const [type, fn] of Object.entries(rule.visit)) {
      const list = dispatch.get(type) ?? [];
      list.push({ ctx, key, fn });
      dispatch.set(type, list);
    }
  }
  const failed = new Set<string>();
  const stack: unknown[] = [tree.program];
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown> | undefined;
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const type = node['type'];
    if (typeof type === 'string') {
      for (const { ctx, key, fn } of dispatch.get(type) ?? []) {
        if (failed.has(key)) continue;
        try {
          fn(node, ctx);
        } catch (error) {
          failed.add(key);
          notes.push(ruleCrash(key, doc.path, error));
        }
      }
    }
    for (const key of Object.keys(node)) {
      if (SKIP_KEYS.has(key)) continue;
      const child = node[key];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return failed.size > 0;
}
