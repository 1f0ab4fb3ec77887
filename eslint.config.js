// Lint baseline (STYLE.md §8) and the layering of DESIGN.md, enforced rather than hoped for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'zlib', 'stream', 'worker_threads'];

function restrict(patterns, message) {
  return patterns.map((group) => ({ group: [group], message }));
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-main/', 'dist-renderer/', 'release/', 'migrations/', 'migrations.tmp/', 'test-results/', 'playwright-report/', '.data/', '.tmp/', '.stage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // A dozen small scripts outside the TypeScript projects: the default project handles them well at this size.
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'test/unit/electron/stand-in/*.cjs'], maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16 },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // `!` on indexed access documents intent and stays right if noUncheckedIndexedAccess is turned on.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md §8).' },
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'No .only committed.' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|test|describe)$/]", message: 'No .skip committed.' },
      ],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...restrict(nodeBuiltins, 'src-shared runs everywhere: no Node built-ins.'),
            ...restrict(['electron', 'react', 'react-dom', 'better-sqlite3', 'drizzle-orm*', 'pg', 'hono*', '@hono/*'], 'src-shared is pure TypeScript.'),
            ...restrict(['**/src-main/**', '**/src-renderer/**', '**/src-server/**'], 'src-shared imports no other layer.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...restrict(['electron'], 'Only src-main/electron imports electron.'), ...restrict(['**/src-renderer/**', '**/src-server/**'], 'src-main does not import the renderer or HQ.')] },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: restrict(['**/src-renderer/**', '**/src-server/**'], 'src-main does not import the renderer or HQ.') }],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...restrict(nodeBuiltins, 'The renderer never touches Node: use the API client.'),
            ...restrict(['electron', 'better-sqlite3', 'drizzle-orm*', 'pg'], 'The renderer reaches data only through the API client.'),
            ...restrict(['**/src-main/**', '**/src-server/**'], 'The renderer imports only src-shared.'),
          ],
        },
      ],
    },
  },
  {
    // Issue 13: every control named, no traps, hooks called as React needs (stale closures lose what a person typed).
    files: ['src-renderer/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
    plugins: { 'jsx-a11y': jsxA11y, 'react-hooks': reactHooks },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Focus goes where the person's next action is: into a form they just opened (the dialog pattern of WAI-ARIA),
      // to the PIN after they chose their name. The rule's concern — a page stealing focus on load — is not this.
      'jsx-a11y/no-autofocus': 'off',
      // A scrolling region must take focus to be scrolled by keyboard (axe scrollable-region-focusable).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
    },
  },
  {
    files: ['src-server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...restrict(['electron'], 'HQ never imports electron.'), ...restrict(['**/src-main/**', '**/src-renderer/**'], 'HQ imports only src-shared.')] },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off', 'no-empty-pattern': 'off' },
  },
  {
    files: ['scripts/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
  {
    // The stand-in `electron` is CommonJS because the built main.cjs requires it.
    files: ['test/unit/electron/stand-in/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', Request: 'readonly', Response: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tool configs must default-export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
