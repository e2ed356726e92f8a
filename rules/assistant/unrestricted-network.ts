import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, fileNoun, grantConfidence, grantProperties, grantSeverity, inertNote } from '../../src/model/assistant/index.js';

export default defineRule({
  id: 'unrestricted-network',
  family: 'assistant',
  title: 'Agent network egress to any host',
  description: 'An assistant configuration lets the agent reach any host without asking: `WebFetch`/`WebFetch(domain:*)`, a `*` sandbox domain, Codex `network_access = true`, an MCP container on the host network, or the Copilot agent firewall switched off.',
  severity: 'medium',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-200', 'CWE-668', 'NHI5', 'CICD-SEC-7'],
  help: `**Why.** Unprompted egress is the exfiltration half of every prompt-injection attack: whatever the agent can read — source, \`.env\` files, tokens in its environment — an injected instruction can send to a host the attacker controls, in a URL or request body. \`--network host\` also puts an MCP container next to every service listening on the machine.

**Fix.** Allow the documentation hosts the agent needs and confirm the rest.

\`\`\`json
{ "permissions": { "allow": ["WebFetch(domain:docs.python.org)", "WebFetch(domain:developer.mozilla.org)"] } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const grant of config.network) {
      ctx.report(grant.range, `\`${grant.text}\` in ${fileNoun(config)} lets the agent reach ${grant.covers} without asking${inertNote(grant)}, so anything it can read can be sent out by an injected instruction; ${grant.fix}.`, {
        severity: grantSeverity('medium', config, grant),
        confidence: grantConfidence('high', grant),
        properties: grantProperties(config, grant),
        fingerprintKey: `${grant.setting}:${grant.text}`,
      });
    }
  },
});
