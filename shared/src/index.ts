export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/center';
export * from './schemas/service-item';
export * from './schemas/checklist';
export * from './domain/checklist';
export * from './domain/privacy';
