CREATE TABLE `convention_documents` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`convention_id` text NOT NULL,
	`revision` integer NOT NULL,
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
CREATE INDEX `convention_documents_convention` ON `convention_documents` (`department_code`,`convention_id`);--> statement-breakpoint
CREATE TABLE `convention_evaluations` (
	`department_code` text NOT NULL,
	`convention_id` text NOT NULL,
	`party` text NOT NULL,
	`learned` text NOT NULL,
	`change` text NOT NULL,
	`rating` integer NOT NULL,
	`at` text NOT NULL,
	`user_id` text,
	PRIMARY KEY(`department_code`, `convention_id`, `party`)
);
--> statement-breakpoint
CREATE TABLE `convention_revisions` (
	`department_code` text NOT NULL,
	`convention_id` text NOT NULL,
	`revision` integer NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`half_days` integer NOT NULL,
	`interrupted_on` text,
	`created_at` text NOT NULL,
	`created_by` text,
	PRIMARY KEY(`department_code`, `convention_id`, `revision`)
);
--> statement-breakpoint
CREATE TABLE `convention_signatures` (
	`department_code` text NOT NULL,
	`convention_id` text NOT NULL,
	`revision` integer NOT NULL,
	`party` text NOT NULL,
	`method` text NOT NULL,
	`signed_at` text NOT NULL,
	`signer_user_id` text,
	`signer_name` text,
	`signer_function` text,
	PRIMARY KEY(`department_code`, `convention_id`, `revision`, `party`)
);
--> statement-breakpoint
CREATE TABLE `convention_templates` (
	`department_code` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	PRIMARY KEY(`department_code`, `version`)
);
--> statement-breakpoint
CREATE TABLE `conventions` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`application_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`host_organisation_id` text NOT NULL,
	`host_service` text DEFAULT '' NOT NULL,
	`sending_organisation_id` text NOT NULL,
	`trainee_user_id` text NOT NULL,
	`trainee_profession` text NOT NULL,
	`place` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`half_days` integer NOT NULL,
	`objectives` text NOT NULL,
	`interrupted_on` text,
	`template_version` integer NOT NULL,
	`template_body` text NOT NULL,
	`status` text NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`awaiting_party` text,
	`awaiting_since` text,
	`signed_at` text,
	`signed_outside_document_id` text,
	`completed_at` text,
	`completed_by` text,
	`cancelled_at` text,
	`cancelled_by` text,
	`cancel_reason` text,
	`created_at` text NOT NULL,
	`created_by` text,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conventions_application` ON `conventions` (`department_code`,`application_id`);--> statement-breakpoint
CREATE INDEX `conventions_awaiting` ON `conventions` (`department_code`,`status`,`awaiting_since`);--> statement-breakpoint
CREATE INDEX `conventions_completed` ON `conventions` (`department_code`,`status`,`ends_on`);--> statement-breakpoint
CREATE INDEX `conventions_host` ON `conventions` (`department_code`,`host_organisation_id`);--> statement-breakpoint
CREATE INDEX `conventions_sending` ON `conventions` (`department_code`,`sending_organisation_id`);--> statement-breakpoint
CREATE INDEX `conventions_trainee` ON `conventions` (`department_code`,`trainee_user_id`);