CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `jobs` ADD `client_id` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `target` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `target_unit` text;