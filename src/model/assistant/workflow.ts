import { bool, entries, get, str, type DataMap, type DataNode } from '../../ast/index.js';
import { scalarAsJson, scalarSpan } from '../../ast/embedded.js';
import type { Document } from '../../document/document.js';
import type { Range } from '../../rule/types.js';
import { addCommand } from './build.js';
import {
  canCheckOutOutsiderCode,
  forkInputs,
  isUntrustedForAgentPrompt,
  roleCheckingJobs,
  roleCheckStep,
  trustGate,
  type ForkInput,
} from '../pipeline/trust.js';
import { buildGithubWorkflow } from '../pipeline/github.js';
import { pipelineOf } from '../pipeline/index.js';
import { analyseCommand } from './commands.js';
import { addPermissionRule, readClaudeSettings, toolEntries } from './claude.js';
import { readGemini } from './agents.js';
import { addAutoRun } from './hooks.js';
import { pathReach } from './paths.js';
import { commandName, parseShell, shellWords } from '../pipeline/shell.js';
import { contiguous } from '../pipeline/source.js';
import type { Input, Job, Permissions, Step, Trigger, Word } from '../pipeline/types.js';
import type { AgentRun, ApprovalCoverage, ApprovalRemedy, AssistantConfig, ClaudeV0Input, PluginInstall, Located } from './types.js';

/**
 * GitHub Actions workflows that run coding agents: the agent actions (claude-code-action,
 * claude-code-base-action, codex-action, run-gemini-cli), agent CLIs in `run:` steps, and the
 * Copilot setup-steps workflow. Records approval bypasses and tool grants like any other config,
 * plus, per agent step, who can trigger it and what it holds ({@link AgentRun}).
 */

/** Inputs and env names that carry the agent's own model credential (not extra reach). */
const MODEL_KEYS =
  /^(?:anthropic_api_key|claude_code_oauth_token|openai[-_]api[-_]key|gemini_api_key|google_api_key|anthropic_federation_rule_id|ANTHROPIC_API_KEY|OPENAI_API_KEY|GEMINI_API_KEY|GOOGLE_API_KEY|CLAUDE_CODE_OAUTH_TOKEN)$/;

type Agent = 'claude-code-action' | 'claude-code-base-action' | 'codex-action' | 'run-gemini-cli' | 'opencode-action' | 'cli';

/** Legacy v0 inputs of claude-code-action that v1 no longer reads, and whether each one restricts the agent. */
const CLAUDE_V0_INPUTS: Record<ClaudeV0Input, { restrictive: boolean }> = {
  allowed_tools: { restrictive: false },
  disallowed_tools: { restrictive: true },
  custom_instructions: { restrictive: true },
  direct_prompt: { restrictive: false },
  override_prompt: { restrictive: false },
  mcp_config: { restrictive: false },
  claude_env: { restrictive: false },
  max_turns: { restrictive: true },
  model: { restrictive: false },
  timeout_minutes: { restrictive: true },
  mode: { restrictive: false },
  fallback_model: { restrictive: false },
  anthropic_model: { restrictive: false },
  experimental_allowed_domains: { restrictive: true },
};

/** Whether a workflow text mentions an agent at all (cheap check before building the model). */
export function mentionsAgent(text: string): boolean {
  return /claude|codex|gemini|aider|copilot|goose|kiro-cli|\bq chat\b|opencode|cursor-agent|\bamp\b|qwen|\bcn\b/i.test(text);
}

/** Reads a workflow's agent steps into the configuration model, from the pipeline model's reading of it. */
export function readWorkflow(config: AssistantConfig, doc: Document, root: DataNode | undefined): void {
  if (root?.type !== 'map') return;
  const pipeline = pipelineOf(doc)?.pipelines.find((p) => p.node === root) ?? buildGithubWorkflow(root, doc.path, doc.text);
  const untrustedEvents = uniqueEvents(pipeline.triggers.filter((t) => isUntrustedForAgentPrompt(t.event)));
  const outsiderCode = untrustedEvents.some((e) => canCheckOutOutsiderCode(e.value));
  const copilotSetup = /copilot-setup-steps\.ya?ml$/i.test(doc.path);
  const roleCheckers = roleCheckingJobs(pipeline.jobs);
  readFirewall(config, pipeline.env);
  for (const job of pipeline.jobs) {
    const permissions = job.permissions ?? pipeline.permissions;
    readFirewall(config, job.env);
    // Checkouts of the pull request's code into the workspace the agent runs in (a subfolder is the safe pattern).
    const checkouts = outsiderCode ? forkInputs(job, pipeline.triggers).filter((input) => input.kind === 'head-checkout' && intoWorkspace(input.path)) : [];
    for (const [index, step] of job.steps.entries()) {
      readFirewall(config, step.env);
      const node = step.node?.type === 'map' ? step.node : undefined;
      if (!node) continue;
      if (copilotSetup && job.id === 'copilot-setup-steps') readSetupStep(config, doc, node);
      const agent = agentOf(node);
      if (!agent) continue;
      const before = grantCount(config);
      const explicitTools = readAgentStep(config, doc, node, agent, [get(node, 'env'), get(job.node, 'env'), get(root, 'env')]);
      const broad = grantCount(config) > before;
      const checkout = checkouts.find((c) => job.steps.indexOf(c.step) <= index);
      // Events no condition gates for this step; when every one is gated, the run keeps them all (a checkout of pull-request code is still worth saying).
      const conditions = [job.condition?.value, step.condition?.value];
      const open = untrustedEvents.filter((e) => !conditions.some((c) => trustGate(c, e.value, roleCheckers) !== undefined));
      const actorGate =
        (untrustedEvents.length ? open.length === 0 : conditions.some((c) => trustGate(c, undefined, roleCheckers) !== undefined)) ||
        afterRoleCheck(job, index);
      const openOrAll = actorGate || !open.length ? untrustedEvents : open;
      const run: AgentRun = {
        range: (get(node, 'uses') ?? get(node, 'run') ?? node).range,
        agent: agentName(agent, node),
        job: job.id,
        untrustedEvents: openOrAll,
        actorGate,
        actionChecksActor: agent === 'claude-code-action' || agent === 'codex-action' || agent === 'opencode-action',
        actorCheckDisabled: actorCheckDisabled(step),
        writeScopes: writeScopes(permissions),
        permissionsRange: permissions?.range,
        secrets: extraSecrets(step),
        untrustedCheckout: checkout && checkedOutRef(checkout),
        toolsRestricted: explicitTools && !broad,
      };
      config.agentRuns.push(run);
    }
  }
}

/** A step before this one looks up the user's role and fails the job, and this step does not run after a failure. */
function afterRoleCheck(job: Job, index: number): boolean {
  const check = roleCheckStep(job);
  return check !== undefined && job.steps.indexOf(check) < index && !/always\(\)|failure\(\)|cancelled\(\)/.test(job.steps[index]?.condition?.value ?? '');
}

/** Each event once (a push trigger is read as a branch and a tag trigger). */
function uniqueEvents(triggers: readonly Trigger[]): Located[] {
  const seen = new Map<string, Located>();
  for (const t of triggers) if (!seen.has(t.event)) seen.set(t.event, { value: t.event, range: t.range });
  return [...seen.values()];
}

function intoWorkspace(path: string | undefined): boolean {
  return !path || path === '.' || path === './';
}

/** The checked-out ref as written (`${{ github.event.pull_request.head.sha }}`), or `PR head` for a command. */
function checkedOutRef(checkout: ForkInput): Located {
  const written = checkout.step.uses
    ? (checkout.step.inputs.find((i) => i.name === 'ref') ?? checkout.step.inputs.find((i) => i.name === 'repository'))
    : undefined;
  return written?.value ? { value: written.value, range: written.valueRange } : { value: 'PR head', range: checkout.range };
}

/** Broad grants so far (named tools in an explicit CI list are the narrow form, not counted). */
function grantCount(config: AssistantConfig): number {
  const wholeServers = config.tools.filter((t) => t.capability === 'all').length;
  return config.approvals.length + config.commands.length + config.sandbox.length + wholeServers + config.network.length + config.paths.length;
}

function agentOf(step: DataMap): Agent | undefined {
  const uses = (str(get(step, 'uses')) ?? '').toLowerCase();
  if (/^anthropics\/claude-code-action@/.test(uses)) return 'claude-code-action';
  if (/^anthropics\/claude-code-base-action@/.test(uses)) return 'claude-code-base-action';
  if (/^openai\/codex-action@/.test(uses)) return 'codex-action';
  if (/^google-github-actions\/run-gemini-cli@/.test(uses)) return 'run-gemini-cli';
  if (/^(?:sst|anomalyco)\/opencode\/github@/.test(uses)) return 'opencode-action';
  if (uses.startsWith('./') && (get(get(step, 'with'), 'prompt') || get(get(step, 'with'), 'settings') || get(get(step, 'with'), 'settings_json'))) {
    const keys = [...entries(get(step, 'env')), ...entries(get(step, 'with'))].map((e) => e.key.toLowerCase()).join(' ');
    if (/gemini/.test(keys)) return 'run-gemini-cli';
    if (/anthropic|claude/.test(keys)) return 'claude-code-base-action';
  }
  const run = str(get(step, 'run'));
  if (run && AGENT_CLI.test(run) && cliInvocations(run).length) return 'cli';
  return undefined;
}

function agentName(agent: Agent, step: DataMap): string {
  if (agent !== 'cli') return agent;
  const run = str(get(step, 'run')) ?? '';
  return `\`${cliInvocations(run)[0]?.name ?? 'agent'}\` CLI`;
}

/** Reads one agent step; returns whether it names an explicit tool list. */
function readAgentStep(config: AssistantConfig, doc: Document, step: DataMap, agent: Agent, env: readonly (DataNode | undefined)[]): boolean {
  const withNode = get(step, 'with');
  let explicit = false;
  if (agent === 'claude-code-action' || agent === 'claude-code-base-action') {
    const version = (str(get(step, 'uses')) ?? '').replace(/^[^@]*@/, '');
    const v1 = agent === 'claude-code-action' && /^(?:v1(?:\.|$)|main$)/.test(version);
    const args = get(withNode, 'claude_args');
    if (args?.type === 'scalar') explicit = readClaudeArgs(config, doc, args) || explicit;
    const settings = get(withNode, 'settings');
    if (settings?.type === 'scalar') readClaudeSettings(config, scalarAsJson(doc, settings), 'action settings');
    readPluginInput(config, get(withNode, 'plugin_marketplaces'), 'plugin_marketplaces', 'claude-plugin-marketplaces');
    readPluginInput(config, get(withNode, 'plugins'), 'plugins', 'claude-plugins');
    const fullOutput = get(withNode, 'show_full_output');
    if (str(fullOutput) === 'true' || bool(fullOutput) === true) {
      config.sandbox.push({
        range: fullOutput!.range,
        setting: 'show_full_output',
        text: 'show_full_output: true',
        weakening: 'disclosure',
        effect: 'transcript-in-actions-log',
        remedy: 'action-full-output',
      });
    }
    for (const input of entries(withNode)) {
      const legacy = Object.hasOwn(CLAUDE_V0_INPUTS, input.key) ? (input.key as ClaudeV0Input) : undefined;
      if (legacy && v1) {
        config.ignored.push({
          range: input.keyRange,
          setting: input.key,
          text: input.key,
          reason: { kind: 'claude-action-v0-input', input: legacy },
          restrictive: CLAUDE_V0_INPUTS[legacy].restrictive,
          remedy: 'claude-action-v0-input',
        });
      } else if (input.key === 'allowed_tools' && str(input.value)) {
        explicit = true;
        for (const tool of toolList(doc, input.value)) addPermissionRule(config, tool.value, tool.range, 'allowed_tools');
      }
    }
  } else if (agent === 'codex-action') {
    const sandbox = get(withNode, 'sandbox');
    if (str(sandbox) === 'danger-full-access') {
      config.sandbox.push({
        range: sandbox!.range,
        setting: 'sandbox',
        text: 'danger-full-access',
        effect: 'codex-unsandboxed-on-runner',
        remedy: 'codex-action-full-access',
      });
    }
    const safety = get(withNode, 'safety-strategy');
    if (str(safety) === 'unsafe') {
      config.sandbox.push({
        range: safety!.range,
        setting: 'safety-strategy',
        text: 'unsafe',
        effect: 'codex-keeps-sudo',
        remedy: 'codex-action-unsafe',
      });
    }
    const args = get(withNode, 'codex-args');
    if (args?.type === 'scalar') readCliFlags(config, locateWords(doc, args), 'codex');
    explicit = str(sandbox) === 'read-only';
  } else if (agent === 'opencode-action') {
    explicit = false;
  } else if (agent === 'run-gemini-cli') {
    readPluginInput(config, get(withNode, 'extensions'), 'extensions', 'gemini-extensions');
    const settings = get(withNode, 'settings') ?? get(withNode, 'settings_json');
    const tree = settings?.type === 'scalar' ? scalarAsJson(doc, settings) : undefined;
    if (tree) readGemini(config, tree, { yolo: true, setting: 'settings' });
    else if (!settings)
      addCommand(
        config,
        { range: get(step, 'uses')!.range, setting: 'settings', text: { kind: 'gemini-action-settings' }, remedy: 'gemini-action-no-settings' },
        analyseCommand([], true),
      );
    explicit = !!tree;
  } else {
    const run = get(step, 'run');
    if (run?.type === 'scalar') {
      for (const invocation of cliInvocations(str(run)!, run, doc)) {
        if (invocation.name === 'claude') explicit = readClaudeWords(config, invocation.words) || explicit;
        else readCliFlags(config, invocation.words, invocation.name);
        if (invocation.name === 'goose' && invocation.words[0]?.value === 'run') readGooseMode(config, invocation, env);
      }
    }
  }
  return explicit;
}

/** Parses `claude_args`: bypass flags, `--allowedTools`, `--add-dir`. Returns whether tools are listed. */
function readClaudeArgs(config: AssistantConfig, doc: Document, node: DataNode & { type: 'scalar' }): boolean {
  return readClaudeWords(config, locateWords(doc, node));
}

/** Claude CLI arguments (from `claude_args` or a `claude -p …` command line). */
function readClaudeWords(config: AssistantConfig, words: readonly Word[]): boolean {
  let explicit = false;
  for (let i = 0; i < words.length; i++) {
    const flag = words[i]!.value;
    if (/^--(?:allowed-?tools|allowedTools)$/i.test(flag)) {
      explicit = true;
      for (let j = i + 1; j < words.length && !words[j]!.value.startsWith('--'); j++) {
        for (const tool of splitWord(words[j]!)) addPermissionRule(config, tool.value, tool.range, '--allowedTools');
        i = j;
      }
    } else if (flag === '--add-dir' && words[i + 1]) {
      const reach = pathReach(words[i + 1]!.value);
      if (reach)
        config.paths.push({
          range: words[i + 1]!.range,
          setting: '--add-dir',
          text: words[i + 1]!.value,
          path: words[i + 1]!.value,
          access: 'read-write',
          reach: reach.reach,
          exposes: reach.exposes,
          remedy: 'agent-add-dir',
        });
    }
  }
  readCliFlags(config, words, 'claude');
  return explicit;
}

/** A word holding a comma-separated tool list, split with exact ranges. */
function splitWord(word: Word): Located[] {
  const out: Located[] = [];
  let depth = 0;
  let start = 0;
  const text = word.value;
  // Offsets inside the word are exact when it had no quotes, or one pair around it.
  const quoted = word.range.end - word.range.start === text.length + 2;
  const exact = word.range.end - word.range.start === text.length || quoted;
  const base = quoted ? word.range.start + 1 : word.range.start;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (i === text.length || (c === ',' && depth === 0)) {
      const part = text.slice(start, i).trim();
      if (part) out.push({ value: part, range: exact ? { start: base + start, end: base + i } : word.range });
      start = i + 1;
    }
  }
  return out;
}

/** A tool list input (`allowed_tools: "Bash(git add *),Edit"`), split at top-level commas and breaks. */
function toolList(doc: Document, node: DataNode): Located[] {
  if (node.type !== 'scalar') return [];
  return toolEntries(doc, node);
}

/** The words of a scalar (CLI arguments) with source ranges when the scalar maps exactly. */
function locateWords(doc: Document, node: DataNode & { type: 'scalar' }): Word[] {
  const span = scalarSpan(doc, node);
  if (span) return shellWords(contiguous(doc.text.slice(span.start, span.end), span.start));
  return shellWords(contiguous(String(node.value ?? ''), 0)).map((w) => ({ ...w, range: node.range }));
}

const BYPASS_FLAGS: Record<string, { flags: RegExp; covers: ApprovalCoverage; remedy: ApprovalRemedy }> = {
  claude: { flags: /^--dangerously-skip-permissions$/, covers: 'every-tool-with-shell', remedy: 'claude-cli-skip-permissions' },
  codex: { flags: /^(?:--dangerously-bypass-approvals-and-sandbox|--yolo)$/, covers: 'every-command-unsandboxed', remedy: 'codex-cli-bypass' },
  gemini: { flags: /^(?:--yolo|-y)$/, covers: 'every-tool-call', remedy: 'yolo-flag' },
  aider: { flags: /^(?:--yes-always|--yes)$/, covers: 'every-confirmation', remedy: 'aider-cli-yes' },
  copilot: { flags: /^(?:--allow-all-tools|--yolo|--allow-all)$/, covers: 'every-tool-with-shell', remedy: 'copilot-cli-allow-all' },
  q: { flags: /^--trust-all-tools$/, covers: 'every-tool', remedy: 'trust-all-tools-flag' },
  'kiro-cli': { flags: /^--trust-all-tools$/, covers: 'every-tool', remedy: 'trust-all-tools-flag' },
  'cursor-agent': { flags: /^(?:--force|-f|--yolo)$/, covers: 'every-command', remedy: 'cursor-cli-force' },
  amp: { flags: /^--dangerously-allow-all$/, covers: 'every-tool', remedy: 'amp-cli-allow-all' },
  opencode: { flags: /^(?:--dangerously-skip-permissions|--auto)$/, covers: 'every-tool-not-denied', remedy: 'opencode-cli-skip' },
  goose: { flags: /(?!)/, covers: 'every-tool-call', remedy: 'goose-cli' },
  qwen: { flags: /^(?:--yolo|-y)$/, covers: 'every-tool-call', remedy: 'yolo-flag' },
  cn: { flags: /^--auto$/, covers: 'every-tool-with-shell', remedy: 'cn-cli-auto' },
};

/** An input that installs plugins or extensions at every run: code from other repositories with the job's token. */
function readPluginInput(config: AssistantConfig, node: DataNode | undefined, setting: string, what: PluginInstall): void {
  const text = str(node);
  if (!text?.trim()) return;
  const first =
    text
      .split(/[\n,]/)
      .map((t) => t.trim())
      .find(Boolean) ?? text;
  config.autoRuns.push({
    range: node!.range,
    setting,
    text: first,
    kind: 'plugin',
    when: 'every-run-before-agent',
    command: text,
    remedy: 'unpinned-plugins',
    installs: what,
  });
}

/** `goose run` in CI: Goose's default mode is autonomous, and `GOOSE_MODE=auto` says so. */
function readGooseMode(config: AssistantConfig, invocation: Invocation, env: readonly (DataNode | undefined)[]): void {
  const mode = env.map((e) => get(e, 'GOOSE_MODE')).find(Boolean);
  const value = str(mode);
  if (value === 'auto' || value === undefined) {
    const at = mode ?? invocation.words[0]!;
    const range = at.range;
    config.approvals.push({
      range,
      setting: 'GOOSE_MODE',
      text: value ? 'GOOSE_MODE=auto' : { kind: 'goose-mode-for-run' },
      covers: 'every-tool-call-with-shell-and-edits',
      remedy: 'goose-ci-mode',
      uncertain: value ? undefined : { kind: 'goose-default-mode' },
    });
  }
}

/** Bypass flags on an agent command line (`claude -p … --dangerously-skip-permissions`). */
function readCliFlags(config: AssistantConfig, words: readonly Word[], cli: string): void {
  const spec = BYPASS_FLAGS[cli];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (spec?.flags.test(word.value)) {
      config.approvals.push({ range: word.range, setting: `${cli} command line`, text: word.value, covers: spec.covers, remedy: spec.remedy });
    }
    // Copilot CLI: `--allow-tool 'shell'` (no command filter) allows every shell command, as `shell(*)` does.
    const allowed = cli === 'copilot' ? (word.value === '--allow-tool' ? words[i + 1] : /^--allow-tool=/.test(word.value) ? word : undefined) : undefined;
    const tools =
      allowed?.value
        .replace(/^--allow-tool=/, '')
        .split(',')
        .map((t) => t.trim().replace(/^["']|["']$/g, '')) ?? [];
    if (tools.some((t) => t === 'shell' || /^shell\(\s*\*?\s*\)$/.test(t))) {
      config.approvals.push({
        range: { start: word.range.start, end: allowed!.range.end },
        setting: `${cli} command line`,
        text: `--allow-tool ${tools.join(',')}`,
        covers: 'every-shell-command',
        remedy: 'copilot-cli-shell-tool',
      });
    }
    const mode =
      word.value === '--permission-mode' || word.value === '--approval-mode'
        ? words[i + 1]?.value
        : /^--(?:permission|approval)-mode=(.+)$/.exec(word.value)?.[1];
    if (mode === 'bypassPermissions' || mode === 'yolo') {
      config.approvals.push({
        range: { start: word.range.start, end: (words[i + 1] ?? word).range.end },
        setting: `${cli} command line`,
        text: `--permission-mode ${mode}`,
        covers: 'every-tool-with-shell',
        remedy: 'claude-cli-permission-mode',
      });
    }
    // Codex config overrides: `-c approval_policy=never`, `--config sandbox_mode="danger-full-access"`.
    const override = word.value === '-c' || word.value === '--config' ? words[i + 1]?.value.replace(/["']/g, '') : undefined;
    if (override === 'approval_policy=never') {
      config.approvals.push({
        range: { start: word.range.start, end: words[i + 1]!.range.end },
        setting: `${cli} command line`,
        text: `-c ${override}`,
        covers: 'every-command-edit-and-mcp-call',
        remedy: 'codex-cli-override',
      });
    }
    const sandbox =
      word.value === '--sandbox' || word.value === '-s'
        ? words[i + 1]?.value
        : override?.startsWith('sandbox_mode=')
          ? override.slice('sandbox_mode='.length)
          : /^(?:--sandbox=|sandbox_mode=)(.+)$/.exec(word.value)?.[1];
    if (sandbox === 'danger-full-access' || sandbox === '"danger-full-access"') {
      config.sandbox.push({
        range: { start: word.range.start, end: (words[i + 1] ?? word).range.end },
        setting: `${cli} command line`,
        text: 'danger-full-access',
        effect: 'unsandboxed-on-runner',
        remedy: 'codex-cli-full-access',
      });
    }
  }
}

/**
 * A committed shell script that runs agent CLIs (`scripts/fix.sh`: `copilot -p … --allow-all-tools`):
 * the same bypass flags as in a workflow's `run:`, read from every command of the script.
 */
export function readAgentScript(config: AssistantConfig, text: string): void {
  for (const invocation of cliInvocations(text)) readCliFlags(config, invocation.words, invocation.name);
}

/** `scripts` of a committed `package.json` that run an agent CLI (`"ai:fix": "claude -p … --dangerously-skip-permissions"`). */
export function readPackageScripts(config: AssistantConfig, doc: Document, root: DataNode | undefined): void {
  for (const script of entries(get(root, 'scripts'))) {
    const text = str(script.value);
    if (text === undefined || script.value.type !== 'scalar' || !AGENT_CLI.test(text)) continue;
    for (const invocation of cliInvocations(text, script.value, doc)) readCliFlags(config, invocation.words, invocation.name);
  }
}

/** Whether a script names an agent CLI at all (a cheap test before splitting it into commands). */
export function mentionsAgentCli(text: string): boolean {
  return AGENT_CLI.test(text);
}

interface Invocation {
  name: string;
  words: Word[];
}

const CLI_NAMES = new Set(Object.keys(BYPASS_FLAGS));
const AGENT_CLI = /(?:^|[\s;&|("'])(?:npx\s+(?:-y\s+)?@?[\w/-]*)?(?:claude|codex|gemini|aider|copilot|goose|kiro-cli|q|opencode|cursor-agent|amp|qwen|cn)\b/m;

/** Agent CLI invocations in a `run:` script, with words located in the document when possible. */
function cliInvocations(script: string, node?: DataNode & { type: 'scalar' }, doc?: Document): Invocation[] {
  const span = node && doc ? scalarSpan(doc, node) : undefined;
  const source = span && doc ? contiguous(doc.text.slice(span.start, span.end), span.start) : contiguous(script, 0);
  // Located in the document when the scalar maps exactly, else every word points at the scalar.
  const locate = (w: Word): Word => (span || !node ? w : { ...w, range: node.range });
  const found: Invocation[] = [];
  for (const command of parseShell(source).filter((c) => !c.nested)) {
    let words = [...command.assignments, ...command.argv].map(locate);
    while (
      words.length &&
      (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!.value) || ['npx', 'bunx', 'pnpx', '-y', '--yes', 'sudo', 'env', 'timeout'].includes(words[0]!.value))
    )
      words = words.slice(1);
    // `npx @openai/codex@0.46.0`: the package's name without its scope and version.
    const head = words[0]
      ? commandName(words[0].value)
          .replace(/^@[^/]+\//, '')
          .replace(/@[\w.^~-]{1,50}$/, '')
      : '';
    const name = head === 'claude-code' ? 'claude' : head;
    if (!CLI_NAMES.has(name)) continue;
    if (name === 'q' && words[1]?.value !== 'chat') continue;
    found.push({ name, words: words.slice(1) });
  }
  return found;
}

function actorCheckDisabled(step: Step): Located | undefined {
  for (const key of ['allowed_non_write_users', 'allowed_bots', 'allow-users', 'allow-bots']) {
    const input = step.inputs.find((i) => i.name === key);
    if (input?.value?.split(',').some((v) => v.trim() === '*')) return { value: `${key}: "*"`, range: input.valueRange };
  }
  return undefined;
}

/** Write scopes of the job's token, `write-all`, or `unknown` when neither the job nor the workflow declares permissions. */
function writeScopes(permissions: Permissions | undefined): AgentRun['writeScopes'] {
  if (!permissions) return 'unknown';
  if (permissions.all === 'write-all') return 'write-all';
  if (permissions.all) return [];
  return permissions.scopes.filter((s) => s.level === 'write' && s.name !== 'id-token').map((s) => s.name);
}

function extraSecrets(step: Step): string[] {
  const names = new Set<string>();
  for (const input of [...step.inputs, ...step.env]) {
    if (MODEL_KEYS.test(input.name)) continue;
    // The job token is described by the job's permissions, not as a separate secret.
    for (const m of (input.value ?? '').matchAll(/secrets\.([A-Za-z0-9_]{1,100})/g)) if (m[1] !== 'GITHUB_TOKEN') names.add(m[1]!);
  }
  return [...names];
}

/** Copilot's cloud agent firewall switched off through the legacy Actions variable. */
function readFirewall(config: AssistantConfig, env: readonly Input[]): void {
  const input = env.find((i) => i.name === 'COPILOT_AGENT_FIREWALL_ENABLED');
  if (input?.value === 'false') {
    config.network.push({
      range: input.valueRange,
      setting: 'COPILOT_AGENT_FIREWALL_ENABLED',
      text: 'false',
      covers: 'any-host-from-the-copilot-agent',
      remedy: 'copilot-firewall-off',
    });
  }
}

/** A step of the Copilot setup-steps job: runs before the cloud agent, on its machine. */
function readSetupStep(config: AssistantConfig, doc: Document, step: DataMap): void {
  const run = get(step, 'run');
  if (run?.type !== 'scalar' || typeof run.value !== 'string') return;
  const span = scalarSpan(doc, run);
  const text = span ? doc.text.slice(span.start, span.end) : run.value;
  let offset = span ? span.start : run.range.start;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#')) {
      const range: Range = span ? { start: offset + line.indexOf(trimmed), end: offset + line.length } : run.range;
      addAutoRun(config, range, 'copilot-setup-steps', trimmed, 'setup-script', 'before-copilot-agent-starts');
    }
    if (span) offset += line.length + 1;
  }
}
