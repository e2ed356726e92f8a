import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import { ASSISTANT_KINDS, assistantConfig, type CommandReach, type CommandRemedy, type CommandGrant } from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties, inertNote } from './shared/wording.js';

const WHAT: Record<Exclude<CommandReach, 'bounded'>, string> = {
  any: 'any command',
  exec: 'any program',
  deploy: "a command that ships with the developer's own authority (push, merge, release, publish, apply or deploy)",
  network: 'transfers to and from any host',
  identity: "any action the developer's stored cloud or forge credentials allow",
  script: 'any script it can also edit unasked',
};

const SEVERITY: Record<Exclude<CommandReach, 'bounded'>, Severity> = {
  any: 'high',
  exec: 'medium',
  deploy: 'high',
  network: 'medium',
  identity: 'medium',
  script: 'medium',
};

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<CommandRemedy, string | ((grant: CommandGrant) => string)> = {
  'amazonq-allowed-commands': 'write anchored patterns without `.*`, e.g. `"^npm test$"`',
  'amazonq-execute-bash': 'remove it from `allowedTools` and list exact commands in `toolsSettings.execute_bash.allowedCommands` (e.g. `"^npm test$"`)',
  'anchored-patterns': 'list the exact commands the task needs instead as anchored patterns',
  'anchored-regexes': 'list the exact commands the task needs instead (anchored regexes such as `/^npm test$/`)',
  'exact-command-prefixes': 'list the exact commands the task needs instead (e.g. `npm test`)',
  'exact-commands': (g) => `list the exact commands the task needs instead${g.example ? `, e.g. \`${g.example}\`` : ''}`,
  'gemini-action-no-settings': 'pass `settings` with `tools.core` listing the exact commands the run needs',
  'gemini-no-core-tools': 'list the tools the run needs in `tools.core`, e.g. `run_shell_command(gh issue view)`',
  'gemini-policy-shell': 'add a `commandPrefix` naming the exact commands',
  'kiro-capability-shell': 'add patterns naming the exact commands',
  'vscode-terminal-true': 'use an object of exact commands, e.g. `{ "npm test": true }`',
  'zed-terminal-allow': 'set it to "confirm" and list the exact commands the task needs under `always_allow`',
};

function remedy(grant: CommandGrant): string {
  const text = REMEDY[grant.remedy];
  return typeof text === 'string' ? text : text(grant);
}

export default defineRule({
  id: 'wildcard-command-allow',
  family: 'assistant',
  title: 'Agent command allow-list that amounts to a wildcard',
  description:
    'A pre-approved command pattern lets the agent run any command: a bare shell tool, `*`, an interpreter or launcher prefix, a pass-through wrapper, or a regex that matches whole command lines.',
  severity: 'high',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-250', 'CWE-78', 'NHI5', 'CICD-SEC-7'],
  help: `**Why.** Allow rules match the start of a command. \`Bash\`, \`Bash(*)\` and \`Shell(**)\` match everything; so does any rule that starts with an interpreter or launcher (\`python\`, \`node\`, \`bash\`, \`npx\`, \`uv run\`, \`docker\`), a wrapper that runs what follows it (\`timeout\`, \`env\`, \`xargs\`, \`sudo\`), or \`source\`/\`eval\`: \`python -c '…'\` is any program. Utilities such as \`find\` (\`-exec\`), \`sed\` (\`e\`, \`w\`) and \`git\` (\`-c core.pager=…\`) run programs too, network clients (\`curl\`, \`ssh\`, \`scp\`) move data to any host, and bare cloud CLIs (\`gh\`, \`aws\`, \`kubectl\`) act with the developer's stored credentials. Amazon Q matches \`allowedCommands\` against the whole line, so \`cd .*\` also matches \`cd x && curl … | sh\`. A deny list does not narrow these: \`bash -c 'rm …'\` is not \`rm\`.

**Fix.** Pre-approve exact commands, or prefixes that end in a fixed subcommand.

\`\`\`json
{ "permissions": { "allow": ["Bash(npm test)", "Bash(npm run lint)", "Bash(git status)", "Bash(git diff:*)"] } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const grant of config.commands) {
      const reach = grant.analysis.reach;
      if (reach === 'bounded') continue;
      if (reach === 'script' && !config.writesAutoApproved) continue;
      const why = reach === 'script' ? `${grant.analysis.why}, and file edits are auto-approved` : grant.analysis.why;
      ctx.report(
        grant.range,
        `\`${grant.text}\` in \`${grant.setting}\` of ${fileNoun(config)} lets the agent run ${WHAT[reach]} without asking${inertNote(grant)}, as ${actingIdentity(config)}, because ${why}; ${reach === 'deploy' ? 'take push, merge, release and deploy commands out of the allow-list so each one is confirmed, and ship from CI behind an approval' : remedy(grant)}.`,
        {
          severity: grantSeverity(SEVERITY[reach], config, grant),
          confidence: grantConfidence(reach === 'any' ? 'high' : 'medium', grant),
          properties: { ...grantProperties(config, grant), reach, command: grant.analysis.head },
          fingerprintKey: `${grant.setting}:${grant.text}`,
        },
      );
    }
  },
});
