export * from './definition.ts';
export * from './validate-definition.ts';
export * from './scoring.ts';
export * from './builtin.ts';
export * from './licence.ts';
export * from './parse-definition.ts';
export * from './administration.ts';
