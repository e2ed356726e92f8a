/**
 * GitHub Actions expressions (`if:` conditions) split at their top-level operators, outside
 * parentheses and quotes: enough structure to tell `a && b` from `a || b` without evaluating.
 */

/** The top-level `&&` operands of an expression (inside `${{ }}` or bare). */
export function conjuncts(condition: string): string[] {
  const bare = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  return topLevel(bare, '&&').map(unwrap);
}

/** Splits on an operator outside parentheses and quotes. */
export function topLevel(expression: string, operator: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && expression.startsWith(operator, i)) {
      parts.push(expression.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(expression.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** `(a || b)` → `a || b` when the parentheses wrap the whole operand. */
export function unwrap(part: string): string {
  let text = part.trim();
  while (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1).trim();
  return text;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
