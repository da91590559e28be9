/** Labels and vocabularies without zod: what the mini-app's first screens import (`@bianmin/shared/constants`). */
export * from './errors';
export * from './auth';
export * from './center';
export * from './service-item';
export * from './booking';
export * from './complaint';
export * from './evaluation';
export * from './supervision';
