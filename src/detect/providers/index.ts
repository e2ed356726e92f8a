import { publishableMatcher, type ProviderSpec } from '../provider.js';
import { AI } from './ai.js';
import { CLOUD } from './cloud.js';

/**
 * The provider credential table: one entry per provider (one rule, `secret/<id>`, built in
 * rules/secret/providers/), one credential type per format. Adding a provider is one entry plus
 * its examples; test/providers.test.ts runs every example and negative example.
 */
export const PROVIDERS: readonly ProviderSpec[] = [...AI, ...CLOUD];

/** Whether a value is a key its provider ships to browsers and apps on purpose (`phc_…`): no rule reports it. */
export const isPublishableKey = publishableMatcher(PROVIDERS);
