import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type PathExposure, type PathRemedy } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties, grantText, inertNote } from './shared/wording.js';

/** What sits at the path, for each exposure the model names. */
const EXPOSES: Record<PathExposure, string> = {
  'aws-credentials': 'AWS credentials',
  'cloud-credentials': 'cloud credentials',
  'every-file-outside-project': 'every file outside the project the user can reach, including SSH keys and cloud credentials',
  'every-home-directory': "every user's home directory",
  'every-writable-file': 'every file the user can write',
  'every-writable-file-outside-workspace': 'every file the user can write, outside the workspace',
  'home-directory': 'the whole home directory (SSH keys, cloud credentials, browser profiles and every other repository)',
  'private-keys-and-keychains': 'private keys and keychains',
  'registry-and-forge-tokens': 'stored registry and forge tokens',
  'repositories-below-trusted-folder': 'every repository below it, whose own `.codex/` config, hooks and MCP servers then load without a trust prompt',
  'shell-startup-files': 'shell startup files, which often export API tokens',
  'sibling-projects': 'every project next to this one',
  'ssh-keys': 'SSH keys',
  'system-credential-files': 'system credential files',
  'whole-disk': 'the whole disk',
  'whole-drive': 'the whole drive',
};

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<PathRemedy, string> = {
  'agent-add-dir': 'add only a checkout subfolder',
  'aider-read-file': 'add only files inside the repository',
  'amazonq-allowed-path': 'allow writes only under source folders',
  'claude-additional-directory': 'add only the one sibling folder the work needs',
  'claude-path-rule': 'grant only folders inside the project (use `additionalDirectories` for one named sibling if needed)',
  'codex-filesystem-permission': 'grant `write` only to `:project_roots` and folders inside them',
  'codex-trusted-parent': 'trust each project directory on its own, not its parent',
  'codex-writable-root': 'keep writable roots inside the project',
  'docker-volume': 'mount only the project directory, read-only where possible',
  'filesystem-server-root': 'root the filesystem server at the project directory (`.`) or the one folder it needs',
  'gemini-include-directory': 'include only the sibling folder the work needs',
  'gemini-sandbox-path': 'allow only folders inside the project in the sandbox',
  'opencode-any-external-directory': 'allow only the one sibling folder the work needs, e.g. `{ "~/work/shared/**": "allow" }`',
  'opencode-external-directory': 'allow only the one sibling folder the work needs',
  'openhands-sandbox-volume': 'mount only the project directory into the sandbox',
  'roo-write-outside-workspace': 'confirm writes outside the workspace',
  'sandbox-write-path': 'allow writes only inside the project',
  'trusted-parent-folder': 'trust each project folder on its own',
  'workspace-outside-folder': 'allow only folders inside the workspace',
  'zed-write-all': 'list the folders commands may write in `write_paths`',
};

export default defineRule({
  id: 'filesystem-reach',
  family: 'assistant',
  title: 'Agent filesystem reach beyond the workspace',
  description:
    'An assistant configuration gives the agent (or an MCP server) read or write access to the disk root, a home directory, a credential store or every sibling project.',
  severity: 'high',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-732', 'CWE-668', 'NHI5', 'CICD-SEC-7'],
  help: `**Why.** An agent that can read \`~\` or \`/\` can read SSH keys, cloud credentials, browser profiles and every other repository, and send them on through any tool that reaches the network; with write access it can plant code outside the project and rewrite its own configuration. Roots like \`/Users/<name>\` in a filesystem MCP server, \`additionalDirectories: ["~"]\`, \`Read(//**)\`, \`writable_roots = ["/"]\`, a Codex \`[projects."/home/<name>"]\` trust entry or a Docker mount of \`/\` all do this.

**Fix.** Give the agent the project directory and, if needed, one named sibling folder; keep credential stores out of reach.

\`\`\`json
{ "mcpServers": { "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."] } } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const grant of config.paths) {
      const writes = grant.access !== 'read';
      const base: Severity =
        grant.reach === 'root' || grant.reach === 'home' ? 'high' : grant.reach === 'credentials' ? (writes ? 'high' : 'medium') : 'medium';
      const access = grant.access === 'read' ? 'read' : grant.access === 'write' ? 'write' : 'read and write';
      ctx.report(
        grant.range,
        `\`${grantText(grant)}\` in ${fileNoun(config)} gives the agent ${access} access to ${EXPOSES[grant.exposes]}, outside the workspace${inertNote(grant)}, as ${actingIdentity(config)}; ${REMEDY[grant.remedy]}.`,
        {
          severity: grantSeverity(base, config, grant),
          confidence: grantConfidence('high', grant),
          properties: { ...grantProperties(config, grant), reach: grant.reach, access: grant.access },
          fingerprintKey: `${grant.setting}:${grantText(grant)}`,
        },
      );
    }
  },
});
