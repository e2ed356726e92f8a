import { commandDeploy } from './pipeline/commands.js';
import { parseShell } from './pipeline/shell.js';
import { contiguous } from './pipeline/source.js';
import { compilePatterns, tierOfNames } from './pipeline/target.js';

/**
 * The pipeline model's vocabulary for pipelines written as code (CDK, projen): the same shell
 * parser, deploy lexicon and production words as YAML pipelines, so both judge a command alike.
 */

/** The deploy a shell line runs, as a short label (`cdk deploy`, `kubectl apply`), if any; dry runs are not deploys. */
export function deployCommand(line: string): string | undefined {
  if (line.length > 4000) return undefined;
  for (const command of parseShell(contiguous(line, 0))) {
    const deploy = commandDeploy(command);
    if (deploy) return deploy.what;
  }
  return undefined;
}

/**
 * Whether any of the names (stage ids, environment names, account constants, commands) points at
 * production, by word (`prod`, `production`, `live`; not `preprod` or `nonprod`) or by one of the
 * configured `deploy.productionPatterns`.
 */
export function isProductionLike(names: readonly string[], patterns: readonly string[] = []): boolean {
  return tierOfNames(names, compilePatterns(patterns)) === 'production';
}
