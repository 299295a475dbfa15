import { acquisitionGateway } from './acquisition-gateway.js';
import type { SourceDefinition } from './define-source.js';
import { dhs } from './dhs.js';
import { doc } from './doc.js';
import { doj } from './doj.js';
import { dos } from './dos.js';
import { dot } from './dot.js';
import { hhs } from './hhs.js';
import { ssa } from './ssa.js';
import { treasury } from './treasury.js';

/** Every source jps knows, in the order `jps scrape` runs them and data-source ids are given. */
export const ALL_SOURCES: readonly SourceDefinition[] = [
  acquisitionGateway,
  ssa,
  dhs,
  treasury,
  dot,
  hhs,
  doc,
  doj,
  dos,
];

export function findSource(key: string): SourceDefinition | undefined {
  return ALL_SOURCES.find((source) => source.key === key);
}
