import { nameWords } from '../detect/credential.js';

/**
 * Small shared vocabulary for pipelines written as code (CDK, projen): which shell commands
 * deploy, and which names point at production.
 */

/** Commands that change a running environment or publish an artifact (dry runs excluded by the caller). */
const DEPLOY_COMMANDS: readonly [RegExp, string][] = [
  [/\bcdk\s{1,4}deploy\b/, 'cdk deploy'],
  [/\bkubectl\s{1,4}(?:apply|create|replace|set\s{1,4}image|rollout\s{1,4}restart)\b/, 'kubectl apply'],
  [/\bhelm(?:file)?\s{1,4}(?:upgrade|install|apply|sync)\b/, 'helm upgrade'],
  [/\b(?:terraform|tofu|terragrunt)\s{1,4}(?:run-all\s{1,4})?apply\b/, 'terraform apply'],
  [/\bpulumi\s{1,4}up\b/, 'pulumi up'],
  [/\bsam\s{1,4}deploy\b/, 'sam deploy'],
  [/\b(?:serverless|sls)\s{1,4}deploy\b/, 'serverless deploy'],
  [/\baws\s{1,4}cloudformation\s{1,4}(?:deploy|create-stack|update-stack|execute-change-set)\b/, 'aws cloudformation deploy'],
  [/\baws\s{1,4}ecs\s{1,4}update-service\b/, 'aws ecs update-service'],
  [/\baws\s{1,4}lambda\s{1,4}update-function-code\b/, 'aws lambda update-function-code'],
  [/\baws\s{1,4}s3\s{1,4}(?:sync|cp)\b[^\n;&|]{0,200}\bs3:\/\//, 'aws s3 sync'],
  [/\baws\s{1,4}deploy\s{1,4}create-deployment\b/, 'aws deploy create-deployment'],
  [/\beb\s{1,4}deploy\b/, 'eb deploy'],
  [/\b(?:npm|pnpm|yarn)\s{1,4}(?:npm\s{1,4})?publish\b/, 'npm publish'],
  [/\b(?:docker|podman)\s{1,4}push\b/, 'docker push'],
  [/\bfirebase\s{1,4}deploy\b/, 'firebase deploy'],
  [/\b(?:vercel|netlify)\b[^\n;&|]{0,200}--prod\b/, 'vercel --prod'],
  [/\bargocd\s{1,4}app\s{1,4}sync\b/, 'argocd app sync'],
  [/\b(?:npm|pnpm|yarn)\s{1,4}(?:run\s{1,4})?deploy(?:[:\w-]{0,40})?\b/, 'npm run deploy'],
];

/** Flags and subcommands that make a deploy command a rehearsal. */
const DRY_RUN = /--dry-run\b|--no-execute-changeset\b|--preview\b|\bdiff\b|\bplan\b|--check\b/;

/** The deploy command a shell line runs, as a short label (`cdk deploy`), if any. */
export function deployCommand(line: string): string | undefined {
  if (line.length > 4000 || DRY_RUN.test(line)) return undefined;
  for (const [pattern, label] of DEPLOY_COMMANDS) if (pattern.test(line)) return label;
  return undefined;
}

/** Words that name production; `preprod`, `pre-prod`, `nonprod` and `product` do not. */
const PRODUCTION_WORD = /^(?:prod|production|prd|live|prod\d{1,2}|prd\d{1,2})$/;

/**
 * Whether any of the names (stage ids, environment names, account constants, commands) points at
 * production, by word or by one of the configured `deploy.productionPatterns`.
 */
export function isProductionLike(names: readonly string[], patterns: readonly string[] = []): boolean {
  for (const name of names) {
    const words = nameWords(name);
    for (let i = 0; i < words.length; i++) {
      if (!PRODUCTION_WORD.test(words[i]!)) continue;
      const before = words[i - 1];
      if (before === 'pre' || before === 'non' || before === 'not') continue;
      return true;
    }
    for (const source of patterns) {
      try {
        if (new RegExp(source, 'i').test(name)) return true;
      } catch {
        // The configuration validates patterns; an invalid one here matches nothing.
      }
    }
  }
  return false;
}
