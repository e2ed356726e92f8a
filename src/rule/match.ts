/**
 * How configuration, inline directives and allowlists name rules. One matcher, one meaning:
 * `*` is every rule, `secret/*` a family, `secret/github-token` one rule, and a bare
 * `github-token` every rule with that id (configuration loading rejects a bare id that more than
 * one family uses).
 */
export function matchesRule(pattern: string, ruleKey: string): boolean {
  if (pattern === '*' || pattern === ruleKey) return true;
  const slash = ruleKey.indexOf('/');
  const family = ruleKey.slice(0, slash);
  const id = ruleKey.slice(slash + 1);
  return pattern === id || pattern === `${family}/*`;
}

/** The keys a pattern names, in the order given. */
export function rulesMatching(pattern: string, ruleKeys: readonly string[]): string[] {
  return ruleKeys.filter((key) => matchesRule(pattern, key));
}
