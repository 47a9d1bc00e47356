CREATE TABLE `contract_comments` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`contract_id` text NOT NULL,
	`text` text NOT NULL,
	`at` text NOT NULL,
	`author_user_id` text,
	`author_role` text NOT NULL,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE INDEX `contract_comments_contract` ON `contract_comments` (`department_code`,`contract_id`,`at`);--> statement-breakpoint
CREATE TABLE `contract_communes` (
	`department_code` text NOT NULL,
	`contract_id` text NOT NULL,
	`insee_code` text NOT NULL,
	PRIMARY KEY(`department_code`, `contract_id`, `insee_code`)
);
--> statement-breakpoint
CREATE INDEX `contract_communes_commune` ON `contract_communes` (`department_code`,`insee_code`);--> statement-breakpoint
CREATE TABLE `contract_component_definitions` (
	`department_code` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`department_code`, `key`)
);
--> statement-breakpoint
CREATE TABLE `contract_components` (
	`department_code` text NOT NULL,
	`contract_id` text NOT NULL,
	`component_key` text NOT NULL,
	`state` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`department_code`, `contract_id`, `component_key`)
);
--> statement-breakpoint
CREATE TABLE `contract_documents` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`contract_id` text NOT NULL,
	`category` text NOT NULL,
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
CREATE INDEX `contract_documents_contract` ON `contract_documents` (`department_code`,`contract_id`,`uploaded_at`);--> statement-breakpoint
CREATE INDEX `contract_documents_r2_key` ON `contract_documents` (`r2_key`);--> statement-breakpoint
CREATE TABLE `contract_signatories` (
	`department_code` text NOT NULL,
	`contract_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	`signer_name` text,
	`signer_function` text,
	`signed_on` text,
	`recorded_by` text,
	`recorded_at` text,
	PRIMARY KEY(`department_code`, `contract_id`, `organisation_id`)
);
--> statement-breakpoint
CREATE INDEX `contract_signatories_organisation` ON `contract_signatories` (`department_code`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `contract_versions` (
	`department_code` text NOT NULL,
	`contract_id` text NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` text,
	`amendment_number` integer,
	`amendment_signed_on` text,
	`amendment_summary` text,
	`snapshot` text NOT NULL,
	PRIMARY KEY(`department_code`, `contract_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `contracts` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`carrier_organisation_id` text NOT NULL,
	`council` text NOT NULL,
	`coordinator_name` text NOT NULL,
	`coordinator_function` text NOT NULL,
	`coordinator_email` text NOT NULL,
	`state` text NOT NULL,
	`signed_on` text,
	`starts_on` text,
	`ends_on` text,
	`terminated_on` text,
	`termination_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE INDEX `contracts_department_carrier` ON `contracts` (`department_code`,`carrier_organisation_id`);--> statement-breakpoint
CREATE INDEX `contracts_department_state_dates` ON `contracts` (`department_code`,`state`,`starts_on`,`ends_on`);--> statement-breakpoint
CREATE TABLE `epci_communes` (
	`department_code` text NOT NULL,
	`epci_siren` text NOT NULL,
	`insee_code` text NOT NULL,
	PRIMARY KEY(`department_code`, `epci_siren`, `insee_code`)
);
--> statement-breakpoint
ALTER TABLE `communes` ADD `population` integer DEFAULT 0 NOT NULL;