CREATE TABLE `action_sheets` (
	`department_code` text NOT NULL,
	`code` text NOT NULL,
	`axis_code` text NOT NULL,
	`title` text NOT NULL,
	`pilot_organisation_id` text,
	`pilot` text,
	`partners` text,
	`territory` text,
	`frequency` text,
	`means` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`department_code`, `code`)
);
--> statement-breakpoint
CREATE TABLE `axes` (
	`department_code` text NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	PRIMARY KEY(`department_code`, `code`)
);
--> statement-breakpoint
CREATE TABLE `indicator_assignments` (
	`department_code` text NOT NULL,
	`indicator_code` text NOT NULL,
	`organisation_id` text NOT NULL,
	PRIMARY KEY(`department_code`, `indicator_code`)
);
--> statement-breakpoint
CREATE TABLE `indicator_revisions` (
	`indicator_code` text NOT NULL,
	`version` integer NOT NULL,
	`label` text NOT NULL,
	`target` real,
	`changed_at` text NOT NULL,
	`changed_by` text,
	PRIMARY KEY(`indicator_code`, `version`)
);
--> statement-breakpoint
CREATE TABLE `indicators` (
	`code` text PRIMARY KEY NOT NULL,
	`department_code` text,
	`measure_number` integer,
	`sheet_code` text,
	`label` text NOT NULL,
	`unit` text NOT NULL,
	`periodicity` text NOT NULL,
	`derived_key` text,
	`target` real,
	`position` integer DEFAULT 0 NOT NULL,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `indicators_department` ON `indicators` (`department_code`,`sheet_code`,`position`);--> statement-breakpoint
CREATE TABLE `measures` (
	`number` integer PRIMARY KEY NOT NULL,
	`origin` text NOT NULL,
	`text` text NOT NULL,
	`pilot` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `write_guards` (
	`id` text PRIMARY KEY NOT NULL,
	`ok` integer NOT NULL,
	CONSTRAINT "write_guards_ok" CHECK("write_guards"."ok" = 1)
);
--> statement-breakpoint
CREATE TABLE `report_value_history` (
	`department_code` text NOT NULL,
	`id` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`indicator_code` text NOT NULL,
	`state` text NOT NULL,
	`value` text,
	`comment` text,
	`changed_at` text NOT NULL,
	`changed_by` text,
	`source` text NOT NULL,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_value_history_lookup` ON `report_value_history` (`department_code`,`period`,`indicator_code`,`changed_at`);--> statement-breakpoint
CREATE TABLE `report_values` (
	`department_code` text NOT NULL,
	`period` text NOT NULL,
	`indicator_code` text NOT NULL,
	`state` text NOT NULL,
	`value` text,
	`comment` text,
	`updated_at` text NOT NULL,
	`updated_by` text,
	PRIMARY KEY(`department_code`, `period`, `indicator_code`)
);
--> statement-breakpoint
CREATE INDEX `report_values_indicator` ON `report_values` (`indicator_code`,`period`);--> statement-breakpoint
CREATE TABLE `reports` (
	`department_code` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`submitted_at` text,
	`submitted_by` text,
	`first_submitted_at` text,
	`validated_at` text,
	`validated_by` text,
	`validated_by_role` text,
	`reopened_at` text,
	`reopened_by` text,
	`reopen_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`department_code`, `period`)
);
--> statement-breakpoint
CREATE INDEX `reports_period` ON `reports` (`period`);