// The whole Drizzle schema: every table, enum and relation of the data model (DESIGN §1).
export * from './enums.ts';
export * from './organizations.ts';
export * from './projects.ts';
export * from './test-cases.ts';
export * from './traversals.ts';
export * from './runs.ts';
export * from './relations.ts';
