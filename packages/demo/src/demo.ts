// Public surface of @retrace/demo: the Pinecone Supply demo shop, its test suite and the loader of the demo project.
export * from './start-demo-app.ts';
export * from './demo-suite.ts';
export * from './load-demo-project.ts';
