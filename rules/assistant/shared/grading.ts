import type { Confidence, Severity } from '../../../src/rule/index.js';
import { scaleForScope, type AssistantConfig, type Grant } from '../../../src/model/assistant/index.js';

// How sure and how severe a grant's finding is: shared by the assistant rules that report grants.

/** A grant's severity: the rule's base for a committed project file, scaled to the file's scope; low when probably not applied. */
export function grantSeverity(base: Severity, config: AssistantConfig, grant: Pick<Grant, 'inert'>): Severity {
  return grant.inert ? 'low' : scaleForScope(base, config.scope);
}

/** A grant's confidence: lowered when its effect is uncertain or it is probably not applied. */
export function grantConfidence(base: Confidence, grant: Pick<Grant, 'inert' | 'uncertain'>): Confidence {
  if (grant.inert) return 'low';
  if (grant.uncertain) return base === 'high' ? 'medium' : 'low';
  return base;
}
