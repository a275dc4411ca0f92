CREATE TYPE "public"."failure_kind" AS ENUM('assertion_failed', 'element_not_found', 'ambiguous_element', 'navigation_blocked', 'outcome_unreachable', 'timeout', 'infrastructure', 'cancelled', 'budget_exceeded');--> statement-breakpoint
CREATE TYPE "public"."history_element_state" AS ENUM('PASSED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."llm_provider" AS ENUM('openai', 'anthropic', 'openai-compatible');--> statement-breakpoint
CREATE TYPE "public"."locate_method" AS ENUM('locator', 'healed', 'repaired', 'none');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('admin', 'member', 'guest');--> statement-breakpoint
CREATE TYPE "public"."repair_policy" AS ENUM('auto', 'never');--> statement-breakpoint
CREATE TYPE "public"."run_mode" AS ENUM('auto', 'agentic', 'replay');--> statement-breakpoint
CREATE TYPE "public"."run_state" AS ENUM('QUEUED', 'RUNNING', 'PASSED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."run_type" AS ENUM('AGENTIC', 'REPLAY');--> statement-breakpoint
CREATE TYPE "public"."traversal_source" AS ENUM('agentic', 'repair', 'steps_file', 'import');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"role" "member_role" NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"email" text NOT NULL,
	"role" "member_role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"accepted_at" timestamp (3) with time zone,
	"accepted_by" text,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" "member_role" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_organization_user_unique" UNIQUE("organization_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"logo" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_name_not_blank" CHECK (length(trim("organizations"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"default_url_route" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_organization_name_unique" UNIQUE("organization_id","name")
);
--> statement-breakpoint
CREATE TABLE "secret_values" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"secret_name" text NOT NULL,
	"secret_value" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secret_values_project_name_unique" UNIQUE("project_id","secret_name"),
	CONSTRAINT "secret_values_version_positive" CHECK ("secret_values"."version" >= 1),
	CONSTRAINT "secret_values_name_format" CHECK ("secret_values"."secret_name" ~ '^[A-Za-z0-9_.-]{1,128}$')
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_project_name_unique" UNIQUE("project_id","name"),
	CONSTRAINT "tags_id_project_unique" UNIQUE("id","project_id"),
	CONSTRAINT "tags_color_format" CHECK ("tags"."color" ~ '^#[0-9a-f]{6}$')
);
--> statement-breakpoint
CREATE TABLE "test_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"base_url_override" text,
	"llm_provider" "llm_provider",
	"llm_model" text,
	"llm_base_url" text,
	"max_steps" integer DEFAULT 40 NOT NULL,
	"max_actions_per_step" integer DEFAULT 5 NOT NULL,
	"repair_policy" "repair_policy" DEFAULT 'auto' NOT NULL,
	"run_timeout_ms" integer DEFAULT 600000 NOT NULL,
	"step_timeout_ms" integer DEFAULT 60000 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_configs_project_name_unique" UNIQUE("project_id","name"),
	CONSTRAINT "test_configs_limits_positive" CHECK ("test_configs"."max_steps" >= 1 and "test_configs"."max_actions_per_step" >= 1 and "test_configs"."run_timeout_ms" >= 1000 and "test_configs"."step_timeout_ms" >= 100)
);
--> statement-breakpoint
CREATE TABLE "browser_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text,
	"name" text NOT NULL,
	"browser_config" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "browser_configs_organization_name_unique" UNIQUE NULLS NOT DISTINCT("organization_id","name")
);
--> statement-breakpoint
CREATE TABLE "test_case_browser_configs" (
	"test_case_id" text NOT NULL,
	"browser_config_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_case_browser_configs_pk" PRIMARY KEY("test_case_id","browser_config_id")
);
--> statement-breakpoint
CREATE TABLE "test_case_tags" (
	"test_case_id" text NOT NULL,
	"tag_id" text NOT NULL,
	"project_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_case_tags_pk" PRIMARY KEY("test_case_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "test_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"document_id" text,
	"name" text NOT NULL,
	"test_description" text NOT NULL,
	"expected_outcome" text NOT NULL,
	"extra_rules" text DEFAULT '' NOT NULL,
	"url_route" text NOT NULL,
	"allowed_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_cases_document_unique" UNIQUE("document_id"),
	CONSTRAINT "test_cases_id_project_unique" UNIQUE("id","project_id")
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" text PRIMARY KEY NOT NULL,
	"brain_state_id" text NOT NULL,
	"idx_in_brain_state" integer NOT NULL,
	"action" jsonb NOT NULL,
	"dom_element_data" jsonb,
	CONSTRAINT "actions_brain_state_idx_unique" UNIQUE("brain_state_id","idx_in_brain_state"),
	CONSTRAINT "actions_idx_non_negative" CHECK ("actions"."idx_in_brain_state" >= 0)
);
--> statement-breakpoint
CREATE TABLE "brain_states" (
	"id" text PRIMARY KEY NOT NULL,
	"test_traversal_id" text NOT NULL,
	"idx_in_traversal" integer NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"evaluation_previous_goal" text DEFAULT '' NOT NULL,
	"memory" text DEFAULT '' NOT NULL,
	"next_goal" text DEFAULT '' NOT NULL,
	CONSTRAINT "brain_states_traversal_idx_unique" UNIQUE("test_traversal_id","idx_in_traversal"),
	CONSTRAINT "brain_states_idx_non_negative" CHECK ("brain_states"."idx_in_traversal" >= 0)
);
--> statement-breakpoint
CREATE TABLE "test_traversal_secrets" (
	"test_traversal_id" text NOT NULL,
	"secret_id" text NOT NULL,
	"secret_version" integer NOT NULL,
	CONSTRAINT "test_traversal_secrets_pk" PRIMARY KEY("test_traversal_id","secret_id"),
	CONSTRAINT "test_traversal_secrets_version_positive" CHECK ("test_traversal_secrets"."secret_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "test_traversals" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"test_case_id" text NOT NULL,
	"browser_config_id" text NOT NULL,
	"version" integer NOT NULL,
	"expected_outcome" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"source" "traversal_source" NOT NULL,
	"created_by_run_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_traversals_version_unique" UNIQUE("test_case_id","browser_config_id","version"),
	CONSTRAINT "test_traversals_id_case_config_unique" UNIQUE("id","test_case_id","browser_config_id"),
	CONSTRAINT "test_traversals_version_positive" CHECK ("test_traversals"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "costs" (
	"id" text PRIMARY KEY NOT NULL,
	"test_run_id" text NOT NULL,
	"project_id" text NOT NULL,
	"model_type" text NOT NULL,
	"cost_per_token" double precision NOT NULL,
	"input_price_per_token" double precision NOT NULL,
	"output_price_per_token" double precision NOT NULL,
	"input_token_num" integer NOT NULL,
	"completion_token_num" integer NOT NULL,
	"cost_in_dollars" double precision NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "costs_test_run_unique" UNIQUE("test_run_id"),
	CONSTRAINT "costs_non_negative" CHECK ("costs"."input_token_num" >= 0 and "costs"."completion_token_num" >= 0 and "costs"."cost_in_dollars" >= 0 and "costs"."input_price_per_token" >= 0 and "costs"."output_price_per_token" >= 0)
);
--> statement-breakpoint
CREATE TABLE "history_elements" (
	"id" text PRIMARY KEY NOT NULL,
	"test_run_id" text NOT NULL,
	"action_id" text NOT NULL,
	"idx" integer NOT NULL,
	"action_started_at" timestamp (3) with time zone NOT NULL,
	"action_finished_at" timestamp (3) with time zone,
	"history_element_state" "history_element_state" NOT NULL,
	"screenshot" text,
	"locate_method" "locate_method" NOT NULL,
	"heal_score" real,
	"error" text,
	"element_box" jsonb,
	"caption" text,
	CONSTRAINT "history_elements_run_idx_unique" UNIQUE("test_run_id","idx"),
	CONSTRAINT "history_elements_idx_non_negative" CHECK ("history_elements"."idx" >= 0),
	CONSTRAINT "history_elements_heal_score_range" CHECK ("history_elements"."heal_score" is null or ("history_elements"."heal_score" >= 0 and "history_elements"."heal_score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "test_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"test_case_id" text NOT NULL,
	"browser_config_id" text NOT NULL,
	"test_traversal_id" text,
	"produced_traversal_id" text,
	"test_config_id" text,
	"mode_requested" "run_mode" NOT NULL,
	"run_type" "run_type",
	"state" "run_state" DEFAULT 'QUEUED' NOT NULL,
	"failure_kind" "failure_kind",
	"failure_message" text,
	"repair_was_needed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"run_gif" text,
	"batch_id" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"retry_of_run_id" text,
	"cancel_requested_at" timestamp (3) with time zone,
	"worker_id" text,
	"heartbeat_at" timestamp (3) with time zone,
	CONSTRAINT "test_runs_id_project_unique" UNIQUE("id","project_id"),
	CONSTRAINT "test_runs_attempt_positive" CHECK ("test_runs"."attempt" >= 1),
	CONSTRAINT "test_runs_failure_matches_state" CHECK (("test_runs"."state" = 'FAILED') = ("test_runs"."failure_kind" is not null)),
	CONSTRAINT "test_runs_finished_matches_state" CHECK (("test_runs"."state" in ('PASSED', 'FAILED')) = ("test_runs"."finished_at" is not null)),
	CONSTRAINT "test_runs_started_when_running" CHECK ("test_runs"."state" <> 'RUNNING' or "test_runs"."started_at" is not null),
	CONSTRAINT "test_runs_passed_has_type" CHECK ("test_runs"."state" <> 'PASSED' or "test_runs"."run_type" is not null)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_values" ADD CONSTRAINT "secret_values_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_configs" ADD CONSTRAINT "test_configs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "browser_configs" ADD CONSTRAINT "browser_configs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_case_browser_configs" ADD CONSTRAINT "test_case_browser_configs_test_case_id_test_cases_id_fk" FOREIGN KEY ("test_case_id") REFERENCES "public"."test_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_case_browser_configs" ADD CONSTRAINT "test_case_browser_configs_browser_config_id_browser_configs_id_fk" FOREIGN KEY ("browser_config_id") REFERENCES "public"."browser_configs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_case_tags" ADD CONSTRAINT "test_case_tags_test_case_fk" FOREIGN KEY ("test_case_id","project_id") REFERENCES "public"."test_cases"("id","project_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_case_tags" ADD CONSTRAINT "test_case_tags_tag_same_project_fk" FOREIGN KEY ("tag_id","project_id") REFERENCES "public"."tags"("id","project_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_cases" ADD CONSTRAINT "test_cases_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_cases" ADD CONSTRAINT "test_cases_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_brain_state_id_brain_states_id_fk" FOREIGN KEY ("brain_state_id") REFERENCES "public"."brain_states"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "brain_states" ADD CONSTRAINT "brain_states_test_traversal_id_test_traversals_id_fk" FOREIGN KEY ("test_traversal_id") REFERENCES "public"."test_traversals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_traversal_secrets" ADD CONSTRAINT "test_traversal_secrets_test_traversal_id_test_traversals_id_fk" FOREIGN KEY ("test_traversal_id") REFERENCES "public"."test_traversals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_traversal_secrets" ADD CONSTRAINT "test_traversal_secrets_secret_id_secret_values_id_fk" FOREIGN KEY ("secret_id") REFERENCES "public"."secret_values"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_traversals" ADD CONSTRAINT "test_traversals_browser_config_id_browser_configs_id_fk" FOREIGN KEY ("browser_config_id") REFERENCES "public"."browser_configs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_traversals" ADD CONSTRAINT "test_traversals_created_by_run_id_test_runs_id_fk" FOREIGN KEY ("created_by_run_id") REFERENCES "public"."test_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_traversals" ADD CONSTRAINT "test_traversals_test_case_fk" FOREIGN KEY ("test_case_id","project_id") REFERENCES "public"."test_cases"("id","project_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "costs" ADD CONSTRAINT "costs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "costs" ADD CONSTRAINT "costs_test_run_fk" FOREIGN KEY ("test_run_id","project_id") REFERENCES "public"."test_runs"("id","project_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_elements" ADD CONSTRAINT "history_elements_test_run_id_test_runs_id_fk" FOREIGN KEY ("test_run_id") REFERENCES "public"."test_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_elements" ADD CONSTRAINT "history_elements_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_browser_config_id_browser_configs_id_fk" FOREIGN KEY ("browser_config_id") REFERENCES "public"."browser_configs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_test_config_id_test_configs_id_fk" FOREIGN KEY ("test_config_id") REFERENCES "public"."test_configs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_retry_of_run_id_test_runs_id_fk" FOREIGN KEY ("retry_of_run_id") REFERENCES "public"."test_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_test_case_fk" FOREIGN KEY ("test_case_id","project_id") REFERENCES "public"."test_cases"("id","project_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_traversal_same_case_fk" FOREIGN KEY ("test_traversal_id","test_case_id","browser_config_id") REFERENCES "public"."test_traversals"("id","test_case_id","browser_config_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_produced_traversal_same_case_fk" FOREIGN KEY ("produced_traversal_id","test_case_id","browser_config_id") REFERENCES "public"."test_traversals"("id","test_case_id","browser_config_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_organization_idx" ON "api_keys" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_pending_email_unique" ON "invitations" USING btree ("organization_id",lower("email")) WHERE "invitations"."accepted_at" is null and "invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "invitations_organization_idx" ON "invitations" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "members_user_idx" ON "members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "documents_project_created_idx" ON "documents" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "projects_organization_created_idx" ON "projects" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "test_case_browser_configs_browser_config_idx" ON "test_case_browser_configs" USING btree ("browser_config_id");--> statement-breakpoint
CREATE INDEX "test_case_tags_tag_idx" ON "test_case_tags" USING btree ("tag_id");--> statement-breakpoint
CREATE INDEX "test_cases_project_created_idx" ON "test_cases" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "test_traversal_secrets_secret_idx" ON "test_traversal_secrets" USING btree ("secret_id");--> statement-breakpoint
CREATE INDEX "test_traversals_browser_config_idx" ON "test_traversals" USING btree ("browser_config_id");--> statement-breakpoint
CREATE INDEX "test_traversals_created_by_run_idx" ON "test_traversals" USING btree ("created_by_run_id");--> statement-breakpoint
CREATE INDEX "costs_project_created_idx" ON "costs" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "history_elements_action_idx" ON "history_elements" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "test_runs_project_created_idx" ON "test_runs" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "test_runs_project_state_created_idx" ON "test_runs" USING btree ("project_id","state","created_at","id");--> statement-breakpoint
CREATE INDEX "test_runs_test_case_created_idx" ON "test_runs" USING btree ("test_case_id","created_at","id");--> statement-breakpoint
CREATE INDEX "test_runs_batch_idx" ON "test_runs" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "test_runs_browser_config_idx" ON "test_runs" USING btree ("browser_config_id");--> statement-breakpoint
CREATE INDEX "test_runs_traversal_idx" ON "test_runs" USING btree ("test_traversal_id");--> statement-breakpoint
CREATE INDEX "test_runs_produced_traversal_idx" ON "test_runs" USING btree ("produced_traversal_id");--> statement-breakpoint
CREATE INDEX "test_runs_retry_of_idx" ON "test_runs" USING btree ("retry_of_run_id");--> statement-breakpoint
CREATE INDEX "test_runs_test_config_idx" ON "test_runs" USING btree ("test_config_id");--> statement-breakpoint
CREATE INDEX "test_runs_running_heartbeat_idx" ON "test_runs" USING btree ("heartbeat_at") WHERE "test_runs"."state" = 'RUNNING';