import { publishableMatcher, type ProviderSpec } from '../provider.js';
import { AI } from './ai.js';
import { CLOUD } from './cloud.js';
import { CREDENTIALS } from './credentials.js';
import { IDENTITY } from './identity.js';
import { MESSAGING } from './messaging.js';
import { OBSERVABILITY } from './observability.js';
import { PAYMENTS } from './payments.js';
import { PRODUCTIVITY } from './productivity.js';
import { SECURITY } from './security.js';
import { SOURCE_AND_CI } from './source-and-ci.js';

/**
 * The provider credential table: one entry per provider (one rule, `secret/<id>`, built in
 * rules/secret/providers/), one credential type per format. Adding a provider is one entry plus
 * its examples; test/providers.test.ts runs every example and negative example.
 */
export const PROVIDERS: readonly ProviderSpec[] = [
  ...AI,
  ...CLOUD,
  ...SOURCE_AND_CI,
  ...IDENTITY,
  ...OBSERVABILITY,
  ...MESSAGING,
  ...PAYMENTS,
  ...PRODUCTIVITY,
  ...SECURITY,
  ...CREDENTIALS,
];

/** Whether a value is a key its provider ships to browsers and apps on purpose (`phc_…`): no rule reports it. */
export const isPublishableKey = publishableMatcher(PROVIDERS);
