// How a reviewer is shown: the first character of the name, the rest masked, so a review never
// publishes a full name. Unicode-aware (a Hangul name keeps its first syllable).

export function maskReviewerName(name: string | null | undefined): string {
  const first = Array.from((name ?? '').trim())[0];
  return first === undefined ? 'anonymous' : `${first}**`;
}
