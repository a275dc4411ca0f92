-- Change feed for the API's response cache: every statement that changes what list-runs or run-detail answers
-- sends NOTIFY retrace_project_changed with the project id, once per distinct project and statement (and
-- PostgreSQL folds identical notifications of one transaction into one). Statement-level triggers over
-- transition tables, so a bulk insert of 100,000 runs costs one small query, not 100,000 trigger calls.
-- The channel name is PROJECT_CHANGES_CHANNEL in @retrace/queue.

-- Tables that carry project_id themselves: test_runs (the listed rows), costs (costId of a run, the detail's
-- cost), test_case_tags (the tagId filter).
CREATE FUNCTION "retrace_notify_project_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('retrace_project_changed', changed.project_id)
      FROM (SELECT DISTINCT project_id FROM new_rows) AS changed;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM pg_notify('retrace_project_changed', changed.project_id)
      FROM (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows) AS changed;
  ELSE
    PERFORM pg_notify('retrace_project_changed', changed.project_id)
      FROM (SELECT DISTINCT project_id FROM old_rows) AS changed;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A run's heartbeat (every few seconds per running run) changes no column a response shows, so an update
-- notifies only for rows whose other columns changed. Every other column counts, including ones added later.
CREATE FUNCTION "retrace_notify_test_run_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('retrace_project_changed', changed.project_id)
    FROM (
      SELECT DISTINCT new_rows.project_id
        FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id
        WHERE to_jsonb(new_rows) - 'heartbeat_at' IS DISTINCT FROM to_jsonb(old_rows) - 'heartbeat_at'
      UNION
      SELECT old_rows.project_id
        FROM old_rows JOIN new_rows ON new_rows.id = old_rows.id
        WHERE new_rows.project_id <> old_rows.project_id
    ) AS changed;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- projects: a deleted project (its runs cascade too, but an empty project must stop answering 200) or one moved.
CREATE FUNCTION "retrace_notify_project_itself"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM pg_notify('retrace_project_changed', changed.id)
      FROM (SELECT id FROM new_rows UNION SELECT id FROM old_rows) AS changed;
  ELSE
    PERFORM pg_notify('retrace_project_changed', changed.id)
      FROM (SELECT DISTINCT id FROM old_rows) AS changed;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- history_elements (run-detail): the project is the run's. When the run itself is being deleted (cascade), the
-- join finds nothing, and the run's own trigger has notified.
CREATE FUNCTION "retrace_notify_history_elements"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('retrace_project_changed', changed.project_id)
      FROM (
        SELECT DISTINCT r.project_id FROM "test_runs" r
          WHERE r.id IN (SELECT test_run_id FROM new_rows)
      ) AS changed;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM pg_notify('retrace_project_changed', changed.project_id)
      FROM (
        SELECT DISTINCT r.project_id FROM "test_runs" r
          WHERE r.id IN (SELECT test_run_id FROM new_rows UNION SELECT test_run_id FROM old_rows)
      ) AS changed;
  ELSE
    PERFORM pg_notify('retrace_project_changed', changed.project_id)
      FROM (
        SELECT DISTINCT r.project_id FROM "test_runs" r
          WHERE r.id IN (SELECT test_run_id FROM old_rows)
      ) AS changed;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- brain_states and actions (a run-detail's step goal and action): recorded once and never updated by Retrace
-- (a deletion cascades to the history elements, which notify), so only an UPDATE by hand needs catching.
CREATE FUNCTION "retrace_notify_brain_states"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('retrace_project_changed', changed.project_id)
    FROM (
      SELECT DISTINCT t.project_id FROM "test_traversals" t
        WHERE t.id IN (SELECT test_traversal_id FROM new_rows UNION SELECT test_traversal_id FROM old_rows)
    ) AS changed;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "retrace_notify_actions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('retrace_project_changed', changed.project_id)
    FROM (
      SELECT DISTINCT t.project_id
        FROM "brain_states" b JOIN "test_traversals" t ON t.id = b.test_traversal_id
        WHERE b.id IN (SELECT brain_state_id FROM new_rows UNION SELECT brain_state_id FROM old_rows)
    ) AS changed;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "test_runs_notify_insert" AFTER INSERT ON "test_runs"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "test_runs_notify_update" AFTER UPDATE ON "test_runs"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_test_run_update"();
--> statement-breakpoint
CREATE TRIGGER "test_runs_notify_delete" AFTER DELETE ON "test_runs"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "costs_notify_insert" AFTER INSERT ON "costs"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "costs_notify_update" AFTER UPDATE ON "costs"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "costs_notify_delete" AFTER DELETE ON "costs"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "test_case_tags_notify_insert" AFTER INSERT ON "test_case_tags"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "test_case_tags_notify_update" AFTER UPDATE ON "test_case_tags"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "test_case_tags_notify_delete" AFTER DELETE ON "test_case_tags"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_rows"();
--> statement-breakpoint
CREATE TRIGGER "projects_notify_update" AFTER UPDATE ON "projects"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_itself"();
--> statement-breakpoint
CREATE TRIGGER "projects_notify_delete" AFTER DELETE ON "projects"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_project_itself"();
--> statement-breakpoint
CREATE TRIGGER "history_elements_notify_insert" AFTER INSERT ON "history_elements"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_history_elements"();
--> statement-breakpoint
CREATE TRIGGER "history_elements_notify_update" AFTER UPDATE ON "history_elements"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_history_elements"();
--> statement-breakpoint
CREATE TRIGGER "history_elements_notify_delete" AFTER DELETE ON "history_elements"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_history_elements"();
--> statement-breakpoint
CREATE TRIGGER "brain_states_notify_update" AFTER UPDATE ON "brain_states"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_brain_states"();
--> statement-breakpoint
CREATE TRIGGER "actions_notify_update" AFTER UPDATE ON "actions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "retrace_notify_actions"();
