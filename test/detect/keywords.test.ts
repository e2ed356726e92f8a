import { describe, expect, it } from 'vitest';
import { KeywordMatcher, matchesAt, reachBack, textMentions } from '../../src/detect/keywords.js';

const found = (matcher: KeywordMatcher, text: string) => matcher.keywords.filter((_, id) => matcher.match(text).has(id));

describe('keyword matcher', () => {
  it('finds keywords anywhere, folding ASCII case', () => {
    const matcher = new KeywordMatcher(['token', 'ghp_', 'key']);
    expect(found(matcher, 'const API_TOKEN = "ghp_…"')).toEqual(['token', 'ghp_']);
    expect(found(matcher, 'monkey business')).toEqual(['key']);
    expect(found(matcher, 'nothing here')).toEqual([]);
  });

  it('counts a word-start keyword only where no ASCII letter or digit precedes it', () => {
    const matcher = new KeywordMatcher(['\\bably', '\\bhec', 'hec']);
    expect(found(matcher, 'this probably works; we check it')).toEqual(['hec']);
    expect(found(matcher, 'ABLY_API_KEY=x')).toEqual(['\\bably']);
    expect(found(matcher, 'MY_ABLY_KEY=x; splunk.hec_token: y')).toEqual(['\\bably', '\\bhec', 'hec']);
    expect(found(matcher, '9ably 0hec')).toEqual(['hec']);
    // A later occurrence at a word start counts even when an earlier one did not.
    expect(found(matcher, 'reliably… then (ably)')).toEqual(['\\bably']);
  });

  it('says where each keyword starts, every occurrence, overlapping ones too', () => {
    const matcher = new KeywordMatcher(['\\bably', 'ably', 'blyx', 'key']);
    const hits = matcher.match('Ably reliably; ABLYX-KEY-key');
    expect(hits.starts(0)).toEqual([0, 15]); // word starts only
    expect(hits.starts(1)).toEqual([0, 9, 15]);
    expect(hits.starts(2)).toEqual([16]);
    expect(hits.starts(3)).toEqual([21, 25]);
    expect(matcher.match('nothing').starts(1)).toEqual([]);
  });

  it('answers the same outside a matcher', () => {
    for (const text of ['this probably works', 'ABLY_API_KEY=x', 'reliably, ably', 'xably']) {
      const matcher = new KeywordMatcher(['\\bably', 'ably']);
      const lower = text.toLowerCase();
      expect(found(matcher, text)).toEqual(['\\bably', 'ably'].filter((k) => textMentions(lower, k)));
    }
  });

  it('widens keyword starts to the offsets a match holding the keyword can start at, each once', () => {
    expect(reachBack([5, 6, 20], 3)).toEqual([2, 3, 4, 5, 6, 17, 18, 19, 20]);
    expect(reachBack([1], 3)).toEqual([0, 1]);
    expect(reachBack([], 3)).toEqual([]);
    // A bot id's digits before `:AA`: the same matches as over the whole text.
    const regex = /(?<![A-Za-z0-9_:-])([0-9]{2,4}:AA[a-z]{3})(?![a-z])/g;
    const sticky = new RegExp(regex.source, 'gy');
    for (const text of ['x 1234:AAabc 12:AAxyz', '12345:AAabc', ':AAabc 99:AA 77:AAdef', '1:AA22:AAabc']) {
      const starts = new KeywordMatcher([':aa']).match(text).starts(0);
      expect([...matchesAt(text, sticky, reachBack(starts, 4))].map((m) => m.index)).toEqual([...text.matchAll(regex)].map((m) => m.index));
    }
  });
});
