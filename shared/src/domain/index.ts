/** Pure rules both sides need, without zod (`@bianmin/shared/domain`). */
export * from './checklist';
export * from './privacy';
export * from './working-calendar';
export * from './delegation';
export * from './delegation-machine';
export * from './booking-machine';
export * from './id-number';
export * from './window-case';
