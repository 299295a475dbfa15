import type { Cell } from './cell.js';
import { cleanText } from './text.js';

export interface Place {
  place_of_performance: string | null;
  place_city: string | null;
  place_state: string | null;
  place_country: string | null;
}

// STUB: replaced by the normalisation work (issue 3).
export function parsePlace(input: { text?: Cell; city?: Cell; state?: Cell; country?: Cell }): Place {
  const parts = [input.text, input.city, input.state, input.country].map(cleanText).filter(Boolean);
  return {
    place_of_performance: parts.join(', ') || null,
    place_city: cleanText(input.city),
    place_state: cleanText(input.state),
    place_country: cleanText(input.country),
  };
}
