import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type SandboxEffect, type SandboxRemedy } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties, grantText } from './shared/wording.js';

/** What the weakening lets commands do, for each effect the model names. */
const EFFECT: Record<SandboxEffect, string> = {
  'codex-keeps-sudo': 'Codex keeps sudo and can read the API key and every secret on the runner',
  'codex-unsandboxed-on-runner': 'Codex runs commands with no sandbox on the runner, next to the job token and secrets',
  'commands-excluded-from-sandbox': "every command matching it runs outside the sandbox, with the user's full disk and network",
  'container-socket-allowed': 'the container daemon socket lets sandboxed commands start root containers that mount the host',
  'docker-socket-mounted': 'the Docker socket lets the server start root containers on the host',
  'environment-passed-without-secret-names':
    "the developer's whole environment (minus names with KEY, SECRET or TOKEN) is passed to the commands the agent runs",
  'every-local-unix-socket':
    'sandboxed commands can talk to every local Unix socket, including the Docker daemon and SSH agent, which reach outside the sandbox',
  'every-unix-socket': 'sandboxed commands can use every Unix socket, including the Docker daemon and SSH agent, which reach outside the sandbox',
  'privileged-container': 'the container gets every device and capability of the host, so the server can take over the machine',
  'sandbox-filesystem-off': 'sandboxed commands can read and write every file the user can, outside the project included',
  'shell-on-host': "shell commands run directly on the host with the user's files, network and credentials",
  'terminal-outside-sandbox': "the agent may run terminal commands outside the sandbox, with the user's full disk and network",
  'transcript-in-actions-log':
    "the agent's whole transcript, including tool output that can hold secrets and tokens, is printed to the Actions log, which everyone can read on a public repository",
  'unsandboxed-commands': 'commands run with no sandbox: full disk and network access as the user',
  'unsandboxed-on-runner': 'commands run with no sandbox on the runner',
  'whole-environment-passed':
    "every variable of the developer's environment, including those named *KEY*, *SECRET* and *TOKEN*, is passed to the commands the agent runs",
};

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
      ctx.report(
        grant.range,
        `\`${grantText(grant)}\` in ${fileNoun(config)}: ${EFFECT[grant.effect]}, as ${actingIdentity(config)}; ${REMEDY[grant.remedy]}.`,
        {
          severity: grantSeverity(base, config, grant),
          confidence: grantConfidence('high', grant),
          properties: { ...grantProperties(config, grant), ...(grant.weakening ? { weakening: grant.weakening } : {}) },
          fingerprintKey: `${grant.setting}:${grantText(grant)}`,
        },
      );
    }
  },
});
