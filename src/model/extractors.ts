import type { FactExtractor } from '../rule/types.js';
import { agentDutyFacts, agenticLockFacts, assistantCredentialFacts } from './assistant/facts.js';
import { gcpKeyFileExtractor, terraformExtractor } from './identity/cloud-keys.js';
import { composeExtractor } from './identity/compose.js';
import { dotenvExtractor } from './identity/dotenv.js';
import { kubernetesExtractor } from './identity/kubernetes.js';
import { peopleExtractor } from './identity/people.js';
import { cloudIamUsers, jsCredentialUses, jsStringExports } from './js-facts.js';
import { pipelineFacts } from './pipeline/facts.js';

/**
 * Every fact extractor: they record where machine identities are defined and used, for the
 * repository rules and `nhiscan inventory`. Add an extractor here when a model learns a new file
 * kind.
 */
export const FACT_EXTRACTORS: readonly FactExtractor[] = [
  pipelineFacts,
  assistantCredentialFacts,
  agentDutyFacts,
  agenticLockFacts,
  jsStringExports,
  jsCredentialUses,
  cloudIamUsers,
  kubernetesExtractor,
  composeExtractor,
  dotenvExtractor,
  gcpKeyFileExtractor,
  terraformExtractor,
  peopleExtractor,
];
