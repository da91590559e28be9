/** API integration tests: supertest against a real database (embedded FerretDB unless MONGODB_URI is set). */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/api/**/*.test.ts', '<rootDir>/domain/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@bianmin/)'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testEnvironment: 'node',
  testTimeout: 60_000,
  maxWorkers: 2,
};
