CREATE TABLE `scan_import_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`client_key` text NOT NULL,
	`mapping` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_import_mappings_client` ON `scan_import_mappings` (`client_key`);--> statement-breakpoint
ALTER TABLE `scan_volumes` ADD `extra` text;