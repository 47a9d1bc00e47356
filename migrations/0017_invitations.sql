CREATE TABLE `invitations` (
	`department_code` text NOT NULL,
	`membership_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by_user_id` text,
	`sent_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`sends` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `invitations_department` ON `invitations` (`department_code`);--> statement-breakpoint
ALTER TABLE `users` ADD `last_sign_in_at` text;