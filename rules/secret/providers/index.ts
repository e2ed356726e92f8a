import { PROVIDERS, providerRule } from '../../../src/detect/index.js';
import { defineRule } from '../../../src/rule/index.js';

/** One rule per entry of the provider credential table (src/detect/providers/). */
export default PROVIDERS.map((spec) => defineRule(providerRule(spec)));
