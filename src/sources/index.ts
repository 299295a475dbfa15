import { acquisitionGateway } from './acquisition-gateway.js';
import type { SourceDefinition } from './define-source.js';
import { ssa } from './ssa.js';

/** Every source jps knows, in the order `jps scrape` runs them and data-source ids are given. */
export const ALL_SOURCES: readonly SourceDefinition[] = [acquisitionGateway, ssa];

export function findSource(key: string): SourceDefinition | undefined {
  return ALL_SOURCES.find((source) => source.key === key);
}
