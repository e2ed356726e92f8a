import type { Fact, Finding, Note, RepositoryContext } from '../rule/types.js';
import { digest, hashSecret, maskSecret, scrubSecret } from './secret-value.js';
import type { RuleEngine } from './run-rules.js';

/** Runs every repository rule once over all facts. A failing rule becomes an error note. */
export function runRepositoryRules(engine: RuleEngine, facts: readonly Fact[], notes: Note[]): { findings: Finding[]; complete: boolean } {
  const findings: Finding[] = [];
  let complete = true;
  for (const { active, rule } of engine.repositoryRules) {
    const seen = new Map<string, number>();
    const ctx: RepositoryContext = {
      options: active.options,
      settings: engine.settings,
      report(location, message, extra = {}) {
        let text = message;
        let key = extra.fingerprintKey ?? message;
        let secret: Finding['secret'];
        if (extra.secret !== undefined) {
          const preview = maskSecret(extra.secret, extra.publicPrefix ?? 0);
          text = scrubSecret(text, extra.secret, preview);
          key = `secret:${hashSecret(extra.secret)}`;
          secret = { preview, length: extra.secret.length, location };
        } else if (extra.secretPreview) {
          secret = extra.secretPreview;
        }
        const occurrence = seen.get(key) ?? 0;
        seen.set(key, occurrence + 1);
        const allowed = engine.allowed(active.key, location.path, extra.secret, '');
        findings.push({
          ruleId: active.key,
          family: rule.family,
          message: text,
          severity: active.severity ?? extra.severity ?? rule.severity,
          confidence: extra.confidence ?? rule.confidence,
          location,
          related: extra.related ?? [],
          fingerprint: digest([active.key, location.path, key, String(occurrence)]),
          secret,
          properties: { ...extra.properties },
          suppressed: allowed ? { kind: 'config', reason: allowed.reason } : undefined,
        });
      },
      note(message, level = 'info') {
        notes.push({ level, code: 'rule-note', message, ruleId: active.key });
      },
    };
    try {
      rule.correlate(facts, ctx);
    } catch (error) {
      complete = false;
      notes.push({
        level: 'error',
        code: 'rule-error',
        message: `rule ${active.key} failed (${error instanceof Error ? error.name : 'error'}); its findings are incomplete`,
        ruleId: active.key,
      });
    }
  }
  return { findings, complete };
}

