// Driver errors of both drivers become domain errors by constraint name; the status table covers every code.
import { createId } from '@paralleldrive/cuid2';
import { organizations, projects, tags } from '@retrace/db';
import { type TestDatabase, testDatabaseDrivers } from '@retrace/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOMAIN_ERROR_CODES,
  DOMAIN_ERROR_STATUS,
  DomainError,
  httpStatusOf,
} from './domain-error.ts';
import { toDomainError, withDomainErrors } from './map-database-error.ts';

describe('domain error table', () => {
  it('maps every code to an HTTP status', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
      expect(new DomainError(code, 'x').httpStatus).toBe(DOMAIN_ERROR_STATUS[code]);
    }
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('PRECONDITION_FAILED')).toBe(412);
  });

  it('leaves errors that are not from the database unchanged', () => {
    const plain = new TypeError('bug');
    expect(toDomainError(plain)).toBe(plain);
  });
});

describe.each(testDatabaseDrivers(process.env))('driver errors [$name]', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(async () => database.dispose());

  async function seed() {
    const organizationId = createId();
    const projectId = createId();
    await database.db.insert(organizations).values({ id: organizationId, name: 'o' });
    await database.db
      .insert(projects)
      .values({ id: projectId, organizationId, name: 'p', defaultUrlRoute: 'http://x.test' });
    return { organizationId, projectId };
  }

  async function failure(work: () => Promise<unknown>): Promise<DomainError> {
    const error = await withDomainErrors(work).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('a unique violation becomes the constraint’s code, keeping the driver error as cause', async () => {
    const { projectId } = await seed();
    await database.db.insert(tags).values({ projectId, name: 'smoke', color: '#000000' });
    const error = await failure(() =>
      database.db.insert(tags).values({ projectId, name: 'smoke', color: '#000000' }),
    );
    expect(error.code).toBe('TAG_NAME_TAKEN');
    expect(error.details).toEqual({ constraint: 'tags_project_name_unique' });
    const driverError = (error.cause as { cause?: { code?: string } }).cause;
    expect(driverError?.code).toBe('23505');
    expect(error.message).not.toContain('smoke');
  });

  it('a foreign key violation becomes NOT_FOUND', async () => {
    const error = await failure(() =>
      database.db
        .insert(projects)
        .values({ organizationId: 'missing', name: 'p', defaultUrlRoute: 'http://x.test' }),
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('a check violation becomes VALIDATION_FAILED without quoting the row', async () => {
    const { projectId } = await seed();
    const error = await failure(() =>
      database.db.insert(tags).values({ projectId, name: 'x', color: 'red' }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ constraint: 'tags_color_format' });
    expect(error.message).not.toContain('red');
  });

  it('a same-project composite foreign key violation becomes TAG_OTHER_PROJECT', async () => {
    const { sql } = await import('drizzle-orm');
    const a = await seed();
    const b = await seed();
    const [tag] = await database.db
      .insert(tags)
      .values({ projectId: b.projectId, name: 't', color: '#000000' })
      .returning();
    const testCaseId = createId();
    await database.db
      .execute(sql`insert into test_cases (id, project_id, name, test_description, expected_outcome, url_route)
      values (${testCaseId}, ${a.projectId}, 'n', 'd', 'o', '/')`);
    const error = await failure(() =>
      database.db.execute(
        sql`insert into test_case_tags (test_case_id, tag_id, project_id) values (${testCaseId}, ${tag?.id ?? ''}, ${a.projectId})`,
      ),
    );
    expect(error.code).toBe('TAG_OTHER_PROJECT');
  });
});
