CREATE TABLE `report_organisation_status` (
	`department_code` text NOT NULL,
	`period` text NOT NULL,
	`organisation_id` text NOT NULL,
	`done_at` text,
	`done_by` text,
	`reminded_at` text,
	`reminded_on` text,
	PRIMARY KEY(`department_code`, `period`, `organisation_id`)
);
--> statement-breakpoint
ALTER TABLE `memberships` ADD `validator` integer DEFAULT false NOT NULL;