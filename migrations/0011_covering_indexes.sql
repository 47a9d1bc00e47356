DROP INDEX `report_values_indicator`;--> statement-breakpoint
CREATE INDEX `report_values_indicator` ON `report_values` (`indicator_code`,`period`,`department_code`,`state`,`value`);--> statement-breakpoint
CREATE INDEX `indicators_counts` ON `indicators` (`department_code`,`periodicity`,`retired_at`,`derived_key`);--> statement-breakpoint
CREATE INDEX `indicators_rules` ON `indicators` (`code`,`derived_key`,`periodicity`,`retired_at`);