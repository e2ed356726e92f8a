import { PIPELINE_KINDS } from '../../document/kinds.js';
import type { FactExtractor, FactInput } from '../../rule/types.js';
import { FACT_KINDS } from './facts.js';
import { isPersonalEmail, isPersonalName } from './names.js';

/** An e-mail address (bounded parts). */
const EMAIL = /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}/g;

/**
 * Line contexts where an address or name is the identity automation acts as: git's author and
 * committer, commit and pull-request actions' inputs, cloud CLI accounts and service-account inputs.
 */
const CONTEXTS: readonly { pattern: RegExp; context: 'git-identity' | 'cloud-account' }[] = [
  {
    pattern:
      /user\.email|user\.name|git_(?:author|committer)_(?:email|name)|commit[_-]?user[_-]?(?:email|name)|(?:^|[\s_-])(?:author|committer)(?:[_-](?:email|name))?\s*[:=]|user[_-]email\s*[:=]|git[_-]?email/i,
    context: 'git-identity',
  },
  {
    pattern: /--account\b|service[_-]account\s*[:=]|\baz\s{1,4}login\b.{0,200}(?:-u|--username)\b|gcloud\s{1,4}config\s{1,4}set\s{1,4}account/i,
    context: 'cloud-account',
  },
];

/** `user.name "John Smith"`, `GIT_AUTHOR_NAME: John Smith`: the quoted or trailing display name. */
const NAME_VALUE = /(?:user\.name|_name|author|committer)["']?\s*[:= ]\s*["']?([A-Z][a-z'-]{1,30}(?: [A-Z][a-z'-]{1,30}){1,2})["']?/;

/**
 * People acting in automation: personal e-mail addresses or names used as git identities or cloud
 * accounts in CI files, and personal logins in a committed `.netrc`.
 */
export const peopleExtractor: FactExtractor = {
  name: 'people-in-automation',
  kinds: [...PIPELINE_KINDS, 'netrc'],
  extract(doc, emit) {
    if (doc.kind === 'netrc') return netrc(doc.text, emit);
    const people: { line: string; start: number; context: 'git-identity' | 'cloud-account' }[] = [];
    const firstNames = new Set<string>();
    let offset = 0;
    for (const line of doc.text.split('\n')) {
      const lineStart = offset;
      offset += line.length + 1;
      if (line.length > 2000) continue;
      // A top-level `author:` (an action's Marketplace metadata) names who wrote it, not who commits.
      if (/^author\s*:/.test(line)) continue;
      const context = CONTEXTS.find(({ pattern }) => pattern.test(line))?.context;
      if (!context) continue;
      let found = false;
      for (const match of line.matchAll(EMAIL)) {
        if (!isPersonalEmail(match[0])) continue;
        found = true;
        firstNames.add(match[0].toLowerCase().split(/[._+@-]/)[0]!);
        const start = lineStart + match.index;
        emit({
          kind: FACT_KINDS.use,
          identity: { type: 'person', name: match[0].toLowerCase() },
          target: { start, end: start + match[0].length },
          attributes: { source: 'pipeline', context, pipeline: doc.path },
        });
      }
      if (!found && context === 'git-identity') people.push({ line, start: lineStart, context });
    }
    // A display name is reported only when no personal address of the same person is.
    for (const { line, start: lineStart, context } of people) {
      const name = NAME_VALUE.exec(line);
      if (!name || !isPersonalName(name[1]!) || firstNames.has(name[1]!.split(' ')[0]!.toLowerCase())) continue;
      const start = lineStart + name.index + name[0].indexOf(name[1]!);
      emit({
        kind: FACT_KINDS.use,
        identity: { type: 'person', name: name[1]! },
        target: { start, end: start + name[1]!.length },
        attributes: { source: 'pipeline', context, pipeline: doc.path },
      });
    }
  },
};

/** `.netrc`: `machine HOST login USER password …`, tokens in any layout. */
function netrc(text: string, emit: (fact: FactInput) => void): void {
  const tokens = [...text.matchAll(/\S{1,512}/g)];
  let machine = 'default';
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]![0];
    if (word === 'machine' && tokens[i + 1]) machine = tokens[++i]![0];
    else if (word === 'default') machine = 'default';
    else if (word === 'login' && tokens[i + 1]) {
      const login = tokens[++i]!;
      const person = isPersonalEmail(login[0]) || (/^[a-z]{2,20}\.[a-z]{2,30}$/i.test(login[0]) && isPersonalEmail(`${login[0]}@company.invalid`));
      emit({
        kind: FACT_KINDS.use,
        identity: person ? { type: 'person', name: login[0].toLowerCase() } : { type: 'netrc', name: `${login[0]}@${machine}` },
        target: { start: login.index, end: login.index + login[0].length },
        attributes: { source: 'netrc', context: 'netrc-login', machine, longLived: true },
      });
    }
  }
}
