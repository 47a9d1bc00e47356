CREATE TABLE `placement_applications` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`offer_id` text NOT NULL,
	`applicant_user_id` text NOT NULL,
	`applicant_membership_id` text,
	`applicant_organisation_id` text NOT NULL,
	`profession` text NOT NULL,
	`wanted_start` text NOT NULL,
	`wanted_end` text NOT NULL,
	`motivation` text NOT NULL,
	`status` text NOT NULL,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` text,
	`withdrawn_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`department_code`, `id`)
);
--> statement-breakpoint
CREATE INDEX `placement_applications_offer` ON `placement_applications` (`department_code`,`offer_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `placement_applications_applicant_org` ON `placement_applications` (`department_code`,`applicant_organisation_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `placement_applications_live` ON `placement_applications` (`department_code`,`offer_id`,`applicant_user_id`) WHERE status in ('pending', 'accepted');--> statement-breakpoint
CREATE TABLE `placement_offer_professions` (
	`department_code` text NOT NULL,
	`offer_id` text NOT NULL,
	`profession` text NOT NULL,
	PRIMARY KEY(`department_code`, `offer_id`, `profession`)
);
--> statement-breakpoint
CREATE INDEX `placement_offer_professions_profession` ON `placement_offer_professions` (`department_code`,`profession`,`offer_id`);--> statement-breakpoint
CREATE TABLE `placement_offers` (
	`department_code` text NOT NULL,
	`id` text NOT NULL,
	`host_organisation_id` text NOT NULL,
	`service` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`commune_insee_code` text NOT NULL,
	`half_days` integer NOT NULL,
	`date_mode` text NOT NULL,
	`dates` text,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`capacity` integer NOT NULL,
	`accepted_count` integer DEFAULT 0 NOT NULL,
	`publish_from` text,
	`publish_until` text,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_name_hidden` integer DEFAULT false NOT NULL,
	`contact_function` text DEFAULT '' NOT NULL,
	`contact_function_hidden` integer DEFAULT false NOT NULL,
	`contact_email` text DEFAULT '' NOT NULL,
	`contact_email_hidden` integer DEFAULT true NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`contact_phone_hidden` integer DEFAULT true NOT NULL,
	`state` text NOT NULL,
	`published_at` text,
	`closed_at` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`department_code`, `id`),
	CONSTRAINT "placement_offers_capacity" CHECK("placement_offers"."capacity" >= 1),
	CONSTRAINT "placement_offers_not_overfilled" CHECK("placement_offers"."accepted_count" >= 0 and "placement_offers"."accepted_count" <= "placement_offers"."capacity"),
	CONSTRAINT "placement_offers_half_days" CHECK("placement_offers"."half_days" >= 1)
);
--> statement-breakpoint
CREATE INDEX `placement_offers_department_state` ON `placement_offers` (`department_code`,`state`,`period_start`,`id`);--> statement-breakpoint
CREATE INDEX `placement_offers_host` ON `placement_offers` (`department_code`,`host_organisation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `placement_offers_commune` ON `placement_offers` (`department_code`,`commune_insee_code`);--> statement-breakpoint
CREATE INDEX `placement_offers_published_at` ON `placement_offers` (`department_code`,`published_at`);