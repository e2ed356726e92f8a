import { defineRule } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type NetworkCoverage, type NetworkRemedy } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { fileNoun, grantProperties, grantText, inertNote } from './shared/wording.js';

/** Where the agent may connect, for each coverage the model names. */
const COVERS: Record<NetworkCoverage, string> = {
  'any-host-from-every-sandboxed-command': 'any host from every sandboxed command',
  'any-host-from-sandboxed-commands': 'any host from sandboxed commands',
  'any-host-from-sandboxed-terminal-commands': 'any host from sandboxed terminal commands',
  'any-host-from-the-copilot-agent': 'any host from the Copilot agent',
  'any-url': 'any URL',
  'any-web-host': 'any web host',
  'host-network-namespace': "the host's network namespace (every local service and the whole network the machine can reach)",
};

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<NetworkRemedy, string> = {
  'any-host-entry': 'list the documentation hosts the agent reads',
  'claude-sandbox-domains': 'list the domains the commands need',
  'claude-web-fetch': 'allow only the domains the task reads, e.g. `WebFetch(domain:docs.example.com)`',
  'codex-network-access': 'keep `network_access = false` and approve networked commands when they come up',
  'codex-network-mode': 'list the domains commands need in `allowed_domains` (mode "limited")',
  'copilot-firewall-off': 'keep the firewall on and add only the hosts the agent needs to the allow list',
  'docker-host-network': 'drop `--network host` and publish only the ports the server needs',
  'gemini-sandbox-network': 'keep sandbox network access off and allow the hosts a command needs through a proxy',
  'opencode-webfetch': 'set `webfetch` to "ask"',
  'vscode-sandbox-network': 'keep sandbox network off and list the hosts commands need',
  'vscode-url-auto-approve': 'auto-approve only the documentation hosts the agent reads',
  'web-fetch-tool': 'confirm web fetches',
  'zed-all-hosts': 'list the hosts commands need',
  'zed-fetch-tool': 'confirm fetches, or allow only documentation hosts',
};

export default defineRule({
  id: 'unrestricted-network',
  family: 'assistant',
  title: 'Agent network egress to any host',
  description:
    'An assistant configuration lets the agent reach any host without asking: `WebFetch`/`WebFetch(domain:*)`, a `*` sandbox domain, Codex `network_access = true`, an MCP container on the host network, or the Copilot agent firewall switched off.',
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
      ctx.report(
        grant.range,
        `\`${grantText(grant)}\` in ${fileNoun(config)} lets the agent reach ${COVERS[grant.covers]} without asking${inertNote(grant)}, so anything it can read can be sent out by an injected instruction; ${REMEDY[grant.remedy]}.`,
        {
          severity: grantSeverity('medium', config, grant),
          confidence: grantConfidence('high', grant),
          properties: grantProperties(config, grant),
          fingerprintKey: `${grant.setting}:${grantText(grant)}`,
        },
      );
    }
  },
});
