import type { FactExtractor, IdentityAttributes } from '../../rule/types.js';
import { ASSISTANT_KINDS, assistantConfig } from './index.js';

/**
 * Records every credential an assistant or its MCP servers receive, as `credential-use` facts:
 * references by name (`variable:GITHUB_TOKEN`, `input:github_token`, `secret:X`) and literal
 * values by keyed hash, with the tool and server that receive them, for `nhiscan inventory` and
 * the shared-identity rules.
 */
export const assistantCredentialFacts: FactExtractor = {
  name: 'assistant-credentials',
  kinds: ASSISTANT_KINDS,
  extract(doc, emit) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const credential of config.credentials) {
      const attributes: IdentityAttributes = {
        tool: config.tool,
        scope: config.scope,
        purpose: 'assistant',
        where: credential.where,
        name: credential.name,
        ...(credential.consumer ? { server: credential.consumer } : {}),
        ...(credential.provider ? { provider: credential.provider } : {}),
      };
      if (credential.literal !== undefined) emit({ kind: 'credential-use', target: credential.range, secret: credential.literal, attributes });
      else if (credential.reference) emit({ kind: 'credential-use', identity: credential.reference, target: credential.range, attributes });
    }
  },
};
