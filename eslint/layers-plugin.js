// The layers of style.md as a lint rule, so nobody has to remember them. Each top-level folder of
// src/ is a layer; the files directly in src/ (config, errors, time, …) are "shared"; migrations/
// is its own layer, frozen in time. An import's target is resolved on disk, so `../store/x.js` and
// `../../store/x.js` are judged alike. Type-only imports may cross layers (a type has no effect at
// run time) — but migrations import nothing of src/, not even types.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Which layers each layer may import values from (its own layer always allowed). */
export const ALLOWED_IMPORTS = {
  cli: [
    'scraper',
    'store',
    'api',
    'web',
    'digest',
    'notify',
    'sources',
    'duplicates',
    'export',
    'normalise',
    'shared',
  ],
  scraper: ['sources', 'normalise', 'store', 'duplicates', 'shared'],
  sources: ['normalise', 'shared'],
  normalise: [],
  duplicates: ['normalise'],
  store: ['normalise', 'migrations', 'shared'],
  api: ['store', 'digest', 'export', 'shared'],
  web: ['store', 'digest', 'export', 'shared'],
  // File formats (CSV, a typed workbook) that `jps list` and the API's export write records in.
  export: ['store', 'shared'],
  digest: ['shared'],
  notify: ['digest', 'shared'],
  // config, errors, time, list-filters…: small modules every layer uses; list-filters reads the
  // store's filter vocabulary (set-aside codes), so the shared layer may import the store's.
  shared: ['store', 'normalise'],
  migrations: [],
};

/** The layer a file belongs to, or null for files outside src/ and migrations/ (tests, bench, scripts). */
function layerOf(file) {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'migrations') return 'migrations';
  if (parts[0] !== 'src') return null;
  return parts.length === 2 ? 'shared' : parts[1];
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce who may import whom between the layers of src/ (style.md)' },
    schema: [],
    messages: {
      forbidden:
        '{{from}} may not import {{to}} ({{target}}). Allowed from {{from}}: {{allowed}}. ' +
        'The layers are in eslint/layers-plugin.js and style.md.',
      unknownLayer:
        'src/{{layer}}/ is not a known layer: add it to ALLOWED_IMPORTS in eslint/layers-plugin.js, ' +
        'saying what it may import.',
    },
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === null) return {};

    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(context.filename), source);
      const to = layerOf(target);
      if (to === null) return;
      for (const layer of [from, to]) {
        if (!(layer in ALLOWED_IMPORTS)) {
          context.report({ node, messageId: 'unknownLayer', data: { layer } });
          return;
        }
      }
      if (to === from) return;
      if (typeOnly && from !== 'migrations') return;
      if (ALLOWED_IMPORTS[from].includes(to)) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: {
          from: from === 'migrations' || from === 'shared' ? from : `src/${from}`,
          to: to === 'migrations' || to === 'shared' ? to : `src/${to}`,
          target: relative(root, target),
          allowed: ALLOWED_IMPORTS[from].join(', ') || 'nothing of ours',
        },
      });
    }

    const isTypeOnly = (node) =>
      node.importKind === 'type' ||
      node.exportKind === 'type' ||
      (node.specifiers?.length > 0 &&
        node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value, true),
    };
  },
};

export const layersPlugin = { rules: { layers } };
