ALTER TABLE `audit_events` ADD `actor_kind` text DEFAULT 'user';--> statement-breakpoint
ALTER TABLE `audit_events` ADD `client_request_id` text;