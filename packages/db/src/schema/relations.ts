// Drizzle relations between the tables, for relational queries (`db.query.<table>.findMany({ with })`).
import { relations } from 'drizzle-orm';
import { apiKeys, invitations, members, organizations, users } from './organizations.ts';
import { documents, projects, secretValues, tags, testConfigs } from './projects.ts';
import { costs, historyElements, testRuns } from './runs.ts';
import { browserConfigs, testCaseBrowserConfigs, testCases, testCaseTags } from './test-cases.ts';
import { actions, brainStates, testTraversalSecrets, testTraversals } from './traversals.ts';

export const usersRelations = relations(users, ({ many }) => ({ members: many(members) }));

export const organizationsRelations = relations(organizations, ({ many }) => ({
  members: many(members),
  projects: many(projects),
  invitations: many(invitations),
  apiKeys: many(apiKeys),
  browserConfigs: many(browserConfigs),
}));

export const membersRelations = relations(members, ({ one }) => ({
  organization: one(organizations, {
    fields: [members.organizationId],
    references: [organizations.id],
  }),
  user: one(users, { fields: [members.userId], references: [users.id] }),
}));

export const invitationsRelations = relations(invitations, ({ one }) => ({
  organization: one(organizations, {
    fields: [invitations.organizationId],
    references: [organizations.id],
  }),
}));

export const apiKeysRelations = relations(apiKeys, ({ one }) => ({
  organization: one(organizations, {
    fields: [apiKeys.organizationId],
    references: [organizations.id],
  }),
}));

export const projectsRelations = relations(projects, ({ one, many }) => ({
  organization: one(organizations, {
    fields: [projects.organizationId],
    references: [organizations.id],
  }),
  documents: many(documents),
  testCases: many(testCases),
  tags: many(tags),
  secretValues: many(secretValues),
  testConfigs: many(testConfigs),
  testRuns: many(testRuns),
  costs: many(costs),
}));

export const documentsRelations = relations(documents, ({ one }) => ({
  project: one(projects, { fields: [documents.projectId], references: [projects.id] }),
  testCase: one(testCases),
}));

export const testCasesRelations = relations(testCases, ({ one, many }) => ({
  project: one(projects, { fields: [testCases.projectId], references: [projects.id] }),
  document: one(documents, { fields: [testCases.documentId], references: [documents.id] }),
  tags: many(testCaseTags),
  browserConfigs: many(testCaseBrowserConfigs),
  traversals: many(testTraversals),
  runs: many(testRuns),
}));

export const tagsRelations = relations(tags, ({ one, many }) => ({
  project: one(projects, { fields: [tags.projectId], references: [projects.id] }),
  testCases: many(testCaseTags),
}));

export const testCaseTagsRelations = relations(testCaseTags, ({ one }) => ({
  testCase: one(testCases, { fields: [testCaseTags.testCaseId], references: [testCases.id] }),
  tag: one(tags, { fields: [testCaseTags.tagId], references: [tags.id] }),
}));

export const browserConfigsRelations = relations(browserConfigs, ({ one, many }) => ({
  organization: one(organizations, {
    fields: [browserConfigs.organizationId],
    references: [organizations.id],
  }),
  testCases: many(testCaseBrowserConfigs),
  traversals: many(testTraversals),
}));

export const testCaseBrowserConfigsRelations = relations(testCaseBrowserConfigs, ({ one }) => ({
  testCase: one(testCases, {
    fields: [testCaseBrowserConfigs.testCaseId],
    references: [testCases.id],
  }),
  browserConfig: one(browserConfigs, {
    fields: [testCaseBrowserConfigs.browserConfigId],
    references: [browserConfigs.id],
  }),
}));

export const secretValuesRelations = relations(secretValues, ({ one, many }) => ({
  project: one(projects, { fields: [secretValues.projectId], references: [projects.id] }),
  traversals: many(testTraversalSecrets),
}));

export const testConfigsRelations = relations(testConfigs, ({ one }) => ({
  project: one(projects, { fields: [testConfigs.projectId], references: [projects.id] }),
}));

export const testTraversalsRelations = relations(testTraversals, ({ one, many }) => ({
  testCase: one(testCases, {
    fields: [testTraversals.testCaseId],
    references: [testCases.id],
  }),
  browserConfig: one(browserConfigs, {
    fields: [testTraversals.browserConfigId],
    references: [browserConfigs.id],
  }),
  brainStates: many(brainStates),
  secrets: many(testTraversalSecrets),
}));

export const testTraversalSecretsRelations = relations(testTraversalSecrets, ({ one }) => ({
  traversal: one(testTraversals, {
    fields: [testTraversalSecrets.testTraversalId],
    references: [testTraversals.id],
  }),
  secret: one(secretValues, {
    fields: [testTraversalSecrets.secretId],
    references: [secretValues.id],
  }),
}));

export const brainStatesRelations = relations(brainStates, ({ one, many }) => ({
  traversal: one(testTraversals, {
    fields: [brainStates.testTraversalId],
    references: [testTraversals.id],
  }),
  actions: many(actions),
}));

export const actionsRelations = relations(actions, ({ one, many }) => ({
  brainState: one(brainStates, {
    fields: [actions.brainStateId],
    references: [brainStates.id],
  }),
  historyElements: many(historyElements),
}));

export const testRunsRelations = relations(testRuns, ({ one, many }) => ({
  project: one(projects, { fields: [testRuns.projectId], references: [projects.id] }),
  testCase: one(testCases, { fields: [testRuns.testCaseId], references: [testCases.id] }),
  browserConfig: one(browserConfigs, {
    fields: [testRuns.browserConfigId],
    references: [browserConfigs.id],
  }),
  traversal: one(testTraversals, {
    fields: [testRuns.testTraversalId],
    references: [testTraversals.id],
  }),
  testConfig: one(testConfigs, {
    fields: [testRuns.testConfigId],
    references: [testConfigs.id],
  }),
  history: many(historyElements),
  cost: one(costs),
}));

export const historyElementsRelations = relations(historyElements, ({ one }) => ({
  run: one(testRuns, { fields: [historyElements.testRunId], references: [testRuns.id] }),
  action: one(actions, { fields: [historyElements.actionId], references: [actions.id] }),
}));

export const costsRelations = relations(costs, ({ one }) => ({
  run: one(testRuns, { fields: [costs.testRunId], references: [testRuns.id] }),
  project: one(projects, { fields: [costs.projectId], references: [projects.id] }),
}));
