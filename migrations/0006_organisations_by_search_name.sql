DROP INDEX `organisations_department_name`;--> statement-breakpoint
CREATE INDEX `organisations_department_search_name` ON `organisations` (`department_code`,`search_name`,`id`);