import type { Identity, IdentityKind } from '../../src/rule/types.js';

/** An identity written as its key (`secret:DEPLOY_KEY`), for building facts by hand in tests. */
export function identity(key: `${IdentityKind}:${string}`): Identity {
  const colon = key.indexOf(':');
  return { type: key.slice(0, colon) as IdentityKind, name: key.slice(colon + 1) };
}
