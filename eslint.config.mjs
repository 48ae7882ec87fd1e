// ESLint for `npm run lint` (scripts/lint.mjs runs it, with Prettier, over the files below and over
// every code cell of notebooks/*.ipynb). Layout and quotes are Prettier's job (.prettierrc.json);
// the only layout rule here is max-len, for the long lines Prettier cannot break.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Prettier breaks code at 120 columns but never a string, a template literal or a comment, so
// max-len skips strings, templates, regexps and URLs (fixing those needs a hand) and flags the rest:
// code Prettier could not break and comments that want rewrapping.
const maxLen = [
  'error',
  {
    code: 120,
    tabWidth: 2,
    ignoreUrls: true,
    ignoreStrings: true,
    ignoreTemplateLiterals: true,
    ignoreRegExpLiterals: true,
  },
];

export default defineConfig(
  {
    name: 'attention-lab/ignores',
    ignores: ['node_modules/', 'reports/', 'models/', 'dist/', '.venv/', '.venv-golden/', 'data/'],
  },
  {
    name: 'attention-lab/all',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@stylistic': stylistic },
    extends: [js.configs.recommended],
    rules: { '@stylistic/max-len': maxLen },
  },
  {
    // TypeScript: src/, test/, bench/ and the notebook cells (scripts/lint.mjs names each cell
    // notebooks/<name>.ipynb#cell-<n>.ts). Type-aware rules are not used: see LINT_NOTES.md.
    name: 'attention-lab/typescript',
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
  },
  {
    // Plain Node scripts: ES modules (scripts/*.mjs, bench/*.mjs) have no require/module/__dirname;
    // CommonJS files (kernels/*.cjs, test/**/*.cjs) do.
    name: 'attention-lab/node-esm',
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.nodeBuiltin },
  },
  {
    name: 'attention-lab/node-commonjs',
    files: ['**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // A notebook cell is one step of a script that the cells share (tslab): a name declared here may
    // be used, or a `let` reassigned, only in a later cell, so these cannot be judged per cell.
    // (Cells run as TypeScript, so no-undef is already off as for every .ts file.) A cell's last
    // expression is shown as its output: scripts/lint.mjs drops no-unused-expressions there only.
    name: 'attention-lab/notebook-cells',
    files: ['notebooks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': 'off',
      'prefer-const': 'off',
    },
  },
);
