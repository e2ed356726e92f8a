import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type SandboxRemedy } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties } from './shared/wording.js';

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<SandboxRemedy, string> = {
  'action-full-output': 'remove it (the default keeps the full output out of the log)',
  'claude-all-unix-sockets': 'list only the sockets the tools need in `allowUnixSockets`',
  'claude-container-socket': 'do not expose the container socket to the sandbox',
  'claude-excluded-commands': 'exclude only the exact tools that cannot run sandboxed (e.g. `docker`)',
  'claude-filesystem-off': 'keep the filesystem sandbox and add the few paths a tool needs to `sandbox.filesystem.allowWrite`',
  'codex-action-full-access': 'use `sandbox: workspace-write` (or `read-only`)',
  'codex-action-unsafe': 'use `safety-strategy: drop-sudo` (the default) or `unprivileged-user`',
  'codex-all-unix-sockets': 'allow only the sockets the tools need',
  'codex-cli-full-access': 'use `workspace-write`',
  'codex-full-access': 'use `default_permissions = ":workspace"` (or `sandbox_mode = "workspace-write"`)',
  'codex-inherit-all': 'set `inherit = "core"` and list the variables commands need in `include_only`',
  'codex-no-default-excludes': 'keep the default excludes, or set `inherit = "core"` and list the variables commands need in `include_only`',
  'docker-privileged': 'drop `--privileged` and add only the capabilities the server needs',
  'docker-socket-mount': 'do not mount the Docker socket into the server',
  'gemini-sandbox-off': 'set `"sandbox": "docker"` (or true)',
  'zed-unsandboxed': 'keep commands sandboxed',
};

export default defineRule({
  id: 'sandbox-disabled',
  family: 'assistant',
  title: 'Agent sandbox disabled',
  description:
    "An assistant configuration runs agent commands outside any sandbox (`danger-full-access`, `:danger-no-sandbox`, `sandbox: false`, codex-action `safety-strategy: unsafe`), opens a way out of it (excluded commands, the Docker socket, every Unix socket), passes the developer's secrets-bearing environment to commands, or gives an MCP container host-level privileges.",
  severity: 'high',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-653', 'CWE-250', 'NHI5', 'CICD-SEC-7'],
  help: `**Why.** The sandbox is what keeps an approved command inside the workspace: without it a command the agent runs — or one a prompt injection slips into an allowed prefix — can read every file the user can, write outside the project and reach the network. In CI the runner also holds the job token and secrets. A privileged container or a mounted Docker socket gives an MCP server root on the host.

**Fix.** Keep the sandbox on and widen it only where the task needs it.

\`\`\`toml
approval_policy = "on-request"
sandbox_mode = "workspace-write"
[sandbox_workspace_write]
network_access = false
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const grant of config.sandbox) {
      // Gemini's sandbox is off by default, so `false` in a project file mostly documents the default; in CI it runs with --yolo.
      let base: Severity = grant.offByDefault ? (config.scope === 'ci' ? 'medium' : 'low') : 'high';
      // Passing the environment exposes what it holds; with the default name filter still on, less so.
      if (grant.weakening === 'environment') base = grant.secretNamesFiltered ? 'low' : 'medium';
      if (grant.weakening === 'disclosure') base = 'medium';
      ctx.report(grant.range, `\`${grant.text}\` in ${fileNoun(config)}: ${grant.effect}, as ${actingIdentity(config)}; ${REMEDY[grant.remedy]}.`, {
        severity: grantSeverity(base, config, grant),
        confidence: grantConfidence('high', grant),
        properties: { ...grantProperties(config, grant), ...(grant.weakening ? { weakening: grant.weakening } : {}) },
        fingerprintKey: `${grant.setting}:${grant.text}`,
      });
    }
  },
});
