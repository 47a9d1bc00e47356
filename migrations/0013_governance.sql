CREATE TABLE `governance_actions` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`title` text NOT NULL,
	`owner_organisation_id` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text NOT NULL,
	`done_at` text,
	`done_by` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE INDEX `governance_actions_department_status_due` ON `governance_actions` (`department_code`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `governance_actions_meeting` ON `governance_actions` (`department_code`,`meeting_id`);--> statement-breakpoint
CREATE TABLE `governance_attendees` (
	`department_code` text NOT NULL,
	`meeting_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	PRIMARY KEY(`department_code`, `meeting_id`, `organisation_id`)
);
--> statement-breakpoint
CREATE TABLE `governance_bodies` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`kind` text NOT NULL,
	`designated_on` text NOT NULL,
	`co_chairs` text NOT NULL,
	`secretariat_name` text NOT NULL,
	`secretariat_email` text NOT NULL,
	`secretariat_phone` text,
	`created_at` text NOT NULL,
	`created_by` text,
	`replaced_at` text,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `governance_bodies_current` ON `governance_bodies` (`department_code`) WHERE replaced_at is null;--> statement-breakpoint
CREATE TABLE `governance_meetings` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`kind` text NOT NULL,
	`group_name` text,
	`starts_at` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`agenda` text DEFAULT '' NOT NULL,
	`decisions` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE INDEX `governance_meetings_department_start` ON `governance_meetings` (`department_code`,`starts_at`,`kind`);--> statement-breakpoint
CREATE TABLE `governance_minutes` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`name` text NOT NULL,
	`file_type` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	`uploaded_by` text,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE INDEX `governance_minutes_meeting` ON `governance_minutes` (`department_code`,`meeting_id`,`uploaded_at`);--> statement-breakpoint
CREATE INDEX `governance_minutes_r2_key` ON `governance_minutes` (`r2_key`);