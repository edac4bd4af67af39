import { Mark } from '@mantine/core';
import { Fragment } from 'react';
import { normaliseText, queryVariants } from '../../../shared/hebrew-normalise';

const PREFIXES = new Set(['ו', 'ה', 'ב', 'ל', 'מ', 'ש', 'כ']);
const DROPPED = /[\p{Mn}״"׳'`]/u;

/** One character as the search index sees it: niqqud and quotes vanish, punctuation is a space. */
const foldChar = (ch: string): string => {
  if (DROPPED.test(ch)) return '';
  const folded = normaliseText(ch);
  return folded === '' ? ' ' : folded;
};

/** The folded text and, for each of its characters, the index of the character it came from. */
const foldWithMap = (chars: string[]) => {
  let folded = '';
  const from: number[] = [];
  chars.forEach((ch, index) => {
    for (const part of foldChar(ch)) {
      folded += part;
      from.push(index);
    }
  });
  return { folded, from };
};

const occurrences = (haystack: string, needle: string): number[] => {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
};

const isWordStart = (text: string, at: number) => at === 0 || text[at - 1] === ' ';

/**
 * Which characters of `text` the query matched, the way the server matches: each query word at the
 * start of a word (also after a one-letter prefix such as ה or ו), ignoring niqqud, final letters and
 * case. Falls back to a match anywhere (a fuzzy hit still shows something).
 */
export const matchedChars = (text: string, query: string): boolean[] => {
  const chars = Array.from(text);
  const marked = chars.map(() => false);
  const { folded, from } = foldWithMap(chars);
  const words = normaliseText(query).split(' ').filter(Boolean);
  for (const word of words) {
    const candidates = queryVariants(word).filter((v, i) => i === 0 || v.length >= 3);
    let hits: Array<[number, number]> = [];
    for (const candidate of candidates) {
      for (const at of occurrences(folded, candidate)) {
        const afterPrefix = at > 0 && isWordStart(folded, at - 1) && PREFIXES.has(folded[at - 1] ?? '');
        if (isWordStart(folded, at) || afterPrefix) hits.push([at, candidate.length]);
      }
    }
    if (!hits.length) {
      const at = folded.indexOf(candidates[0] ?? word);
      if (at >= 0) hits = [[at, word.length]];
    }
    for (const [at, length] of hits) {
      for (let i = at; i < at + length; i += 1) {
        const origin = from[i];
        if (origin !== undefined) marked[origin] = true;
      }
    }
  }
  // niqqud between two marked letters belongs to the match
  chars.forEach((ch, i) => {
    if (DROPPED.test(ch) && i > 0 && marked[i - 1]) marked[i] = true;
  });
  return marked;
};

/** `text` with the part that matched `query` in <mark>. Rendered as text: React escapes it. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  const chars = Array.from(text);
  const marked = matchedChars(text, query);
  const parts: Array<{ text: string; mark: boolean }> = [];
  chars.forEach((ch, i) => {
    const mark = marked[i] ?? false;
    const last = parts.at(-1);
    if (last && last.mark === mark) last.text += ch;
    else parts.push({ text: ch, mark });
  });
  return (
    <>
      {parts.map((part, i) =>
        part.mark ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
          <Mark key={i} color="yellow" style={{ color: 'inherit', borderRadius: 2 }}>
            {part.text}
          </Mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
