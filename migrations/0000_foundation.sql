CREATE TABLE `audit_events` (
	`department_code` text,
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_user_id` text,
	`membership_id` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_department_at` ON `audit_events` (`department_code`,`at`,`id`);--> statement-breakpoint
CREATE TABLE `arrondissements` (
	`department_code` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`department_code`, `code`)
);
--> statement-breakpoint
CREATE TABLE `communes` (
	`department_code` text NOT NULL,
	`insee_code` text NOT NULL,
	`siren` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`department_code`, `insee_code`)
);
--> statement-breakpoint
CREATE INDEX `communes_siren` ON `communes` (`siren`);--> statement-breakpoint
CREATE TABLE `departments` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region_code` text NOT NULL,
	`region_name` text NOT NULL,
	`report_due_days` integer DEFAULT 30 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `epcis` (
	`department_code` text NOT NULL,
	`siren` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	PRIMARY KEY(`department_code`, `siren`)
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`provider` text NOT NULL,
	`provider_account_id` text NOT NULL,
	`refresh_token` text,
	`access_token` text,
	`expires_at` integer,
	`token_type` text,
	`scope` text,
	`id_token` text,
	`session_state` text,
	PRIMARY KEY(`provider`, `provider_account_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`department_code` text,
	`organisation_id` text,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `memberships_department` ON `memberships` (`department_code`,`role`);--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_unique` ON `memberships` (`user_id`,`department_code`,`organisation_id`,`role`);--> statement-breakpoint
CREATE INDEX `memberships_user` ON `memberships` (`user_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`session_token` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`email` text NOT NULL,
	`email_verified` integer,
	`image` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `verification_tokens` (
	`identifier` text NOT NULL,
	`token` text NOT NULL,
	`expires` integer NOT NULL,
	PRIMARY KEY(`identifier`, `token`)
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`department_code` text NOT NULL,
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`insee_code` text,
	`siren` text,
	`siret` text,
	`rna` text,
	`archived_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `organisations_department_name` ON `organisations` (`department_code`,`name`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_department_siren` ON `organisations` (`department_code`,`siren`) WHERE siren is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_department_siret` ON `organisations` (`department_code`,`siret`) WHERE siret is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_department_rna` ON `organisations` (`department_code`,`rna`) WHERE rna is not null;--> statement-breakpoint
CREATE TABLE `mail_log` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_log_idempotency_key_unique` ON `mail_log` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `mail_log_created` ON `mail_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`membership_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user_id`);