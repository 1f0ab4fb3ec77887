CREATE TABLE `device_info` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`operator_id` text NOT NULL,
	`site_id` text,
	`worker_id` text,
	`hlc` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `field_history` (
	`id` text PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`old_hlc` text,
	`hlc` text NOT NULL,
	`lost` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `field_history_row` ON `field_history` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`actor` text NOT NULL,
	`hlc` text NOT NULL,
	`device_time` integer NOT NULL,
	`effects` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_id` ON `outbox` (`id`);--> statement-breakpoint
CREATE TABLE `outbox_seq` (
	`id` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pin_attempts` (
	`subject` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` integer,
	`last_failure_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_id` text,
	`details` text NOT NULL,
	`device_id` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`subject_type` text NOT NULL,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`client_name` text NOT NULL,
	`kind` text NOT NULL,
	`restriction` text NOT NULL,
	`status` text NOT NULL,
	`start_date` text,
	`due_date` text,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_code` ON `jobs` (`code`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`login_id` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`role` text NOT NULL,
	`site_id` text,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `staff_login` ON `staff` (`login_id`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`family_name_kana` text NOT NULL,
	`given_name_kana` text NOT NULL,
	`role` text NOT NULL,
	`home_site_id` text,
	`skill_it` text,
	`skill_business` text,
	`invoice_number` text,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workers_code` ON `workers` (`code`);--> statement-breakpoint
CREATE INDEX `workers_home_site` ON `workers` (`home_site_id`);--> statement-breakpoint
CREATE TABLE `entry_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`template_id` text NOT NULL,
	`template_name` text NOT NULL,
	`template_kind` text NOT NULL,
	`def` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`double_entry` integer NOT NULL,
	`created_at` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_batches_job` ON `entry_batches` (`job_id`);--> statement-breakpoint
CREATE TABLE `entry_drafts` (
	`unit_id` text NOT NULL,
	`slot` integer NOT NULL,
	`page_id` text NOT NULL,
	`row_no` integer NOT NULL,
	`owner_id` text NOT NULL,
	`values` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `slot`, `page_id`, `row_no`)
);
--> statement-breakpoint
CREATE TABLE `entry_keyings` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`page_id` text NOT NULL,
	`row_no` integer NOT NULL,
	`slot` integer NOT NULL,
	`worker_id` text,
	`values` text NOT NULL,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_keyings_unit` ON `entry_keyings` (`unit_id`,`slot`);--> statement-breakpoint
CREATE INDEX `entry_keyings_batch` ON `entry_keyings` (`batch_id`);--> statement-breakpoint
CREATE TABLE `entry_pages` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`source_id` text NOT NULL,
	`page_index` integer NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_pages_batch` ON `entry_pages` (`batch_id`,`seq`);--> statement-breakpoint
CREATE TABLE `entry_resolutions` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`page_id` text NOT NULL,
	`row_no` integer NOT NULL,
	`field` text NOT NULL,
	`value` text NOT NULL,
	`by_id` text,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_resolutions_unit` ON `entry_resolutions` (`unit_id`);--> statement-breakpoint
CREATE INDEX `entry_resolutions_batch` ON `entry_resolutions` (`batch_id`);--> statement-breakpoint
CREATE TABLE `entry_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`note` text NOT NULL,
	`by_id` text,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_reviews_unit` ON `entry_reviews` (`unit_id`);--> statement-breakpoint
CREATE TABLE `entry_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`page_count` integer NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_sources_batch` ON `entry_sources` (`batch_id`);--> statement-breakpoint
CREATE TABLE `entry_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`def` text NOT NULL,
	`active` integer NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_templates_code` ON `entry_templates` (`code`);--> statement-breakpoint
CREATE TABLE `entry_units` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`seq` integer NOT NULL,
	`label` text NOT NULL,
	`page_ids` text NOT NULL,
	`site_id` text,
	`keyer1_id` text,
	`keyer2_id` text,
	`double_entry` integer NOT NULL,
	`status` text NOT NULL,
	`submitted1` integer NOT NULL,
	`submitted2` integer NOT NULL,
	`note` text NOT NULL,
	`updated_at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `entry_units_batch` ON `entry_units` (`batch_id`);--> statement-breakpoint
CREATE INDEX `entry_units_keyer1` ON `entry_units` (`keyer1_id`);--> statement-breakpoint
CREATE INDEX `entry_units_keyer2` ON `entry_units` (`keyer2_id`);--> statement-breakpoint
CREATE TABLE `scan_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`shipment_no` text NOT NULL,
	`kind` text NOT NULL,
	`file_count` integer NOT NULL,
	`volume_count` integer NOT NULL,
	`manifest_sha256` text NOT NULL,
	`note` text,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_deliveries_job` ON `scan_deliveries` (`job_id`,`shipment_no`);--> statement-breakpoint
CREATE TABLE `scan_events` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`volume_id` text NOT NULL,
	`page_id` text,
	`kind` text NOT NULL,
	`step_key` text,
	`worker_id` text,
	`staff_id` text,
	`at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`day` text NOT NULL,
	`pages` integer NOT NULL,
	`fields` text NOT NULL,
	`note` text,
	`device_id` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_events_volume` ON `scan_events` (`volume_id`,`kind`,`step_key`);--> statement-breakpoint
CREATE INDEX `scan_events_daily` ON `scan_events` (`job_id`,`kind`,`step_key`,`day`,`pages`);--> statement-breakpoint
CREATE INDEX `scan_events_daily_all` ON `scan_events` (`kind`,`step_key`,`day`,`pages`);--> statement-breakpoint
CREATE INDEX `scan_events_page` ON `scan_events` (`page_id`);--> statement-breakpoint
CREATE TABLE `scan_pages` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`volume_id` text NOT NULL,
	`page_no` integer NOT NULL,
	`tile_rows` integer NOT NULL,
	`tile_cols` integer NOT NULL,
	`rework_step` text,
	`rework_note` text,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_pages_volume` ON `scan_pages` (`volume_id`,`page_no`);--> statement-breakpoint
CREATE INDEX `scan_pages_rework` ON `scan_pages` (`job_id`,`rework_step`);--> statement-breakpoint
CREATE TABLE `scan_qc_results` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`volume_id` text NOT NULL,
	`page_id` text,
	`checked_worker_id` text,
	`inspector_worker_id` text,
	`inspector_staff_id` text,
	`result` text NOT NULL,
	`defect_type` text,
	`note` text,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_qc_volume` ON `scan_qc_results` (`volume_id`);--> statement-breakpoint
CREATE INDEX `scan_qc_checked` ON `scan_qc_results` (`checked_worker_id`,`at`);--> statement-breakpoint
CREATE INDEX `scan_qc_page` ON `scan_qc_results` (`page_id`);--> statement-breakpoint
CREATE TABLE `scan_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`quality_level` text NOT NULL,
	`target_ppi` integer NOT NULL,
	`color_mode` text NOT NULL,
	`file_format` text NOT NULL,
	`naming_pattern` text NOT NULL,
	`workflow` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scan_tiles` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`volume_id` text NOT NULL,
	`page_id` text NOT NULL,
	`row` integer NOT NULL,
	`col` integer NOT NULL,
	`worker_id` text,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_tiles_page` ON `scan_tiles` (`page_id`);--> statement-breakpoint
CREATE INDEX `scan_tiles_volume` ON `scan_tiles` (`volume_id`);--> statement-breakpoint
CREATE TABLE `scan_volume_states` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`step_key` text NOT NULL,
	`status` text NOT NULL,
	`worker_id` text,
	`entered_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`page_count` integer NOT NULL,
	`composite_pages` integer NOT NULL,
	`originals` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_states_board` ON `scan_volume_states` (`job_id`,`step_key`,`status`,`page_count`);--> statement-breakpoint
CREATE INDEX `scan_states_step` ON `scan_volume_states` (`step_key`,`status`,`page_count`);--> statement-breakpoint
CREATE INDEX `scan_states_worker` ON `scan_volume_states` (`worker_id`);--> statement-breakpoint
CREATE INDEX `scan_states_active` ON `scan_volume_states` (`status`,`job_id`);--> statement-breakpoint
CREATE TABLE `scan_volumes` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`job_id` text NOT NULL,
	`volume_no` text NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`shelf_no` text NOT NULL,
	`expected_pages` integer NOT NULL,
	`format` text NOT NULL,
	`restriction` text NOT NULL,
	`dc_date` text NOT NULL,
	`hlc` text NOT NULL,
	`field_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scan_volumes_job_no` ON `scan_volumes` (`job_id`,`volume_no`);--> statement-breakpoint
CREATE INDEX `scan_volumes_code` ON `scan_volumes` (`code`);--> statement-breakpoint
CREATE INDEX `scan_volumes_expected` ON `scan_volumes` (`job_id`,`expected_pages`);--> statement-breakpoint
CREATE TABLE `corrections` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`site_id` text,
	`date` text NOT NULL,
	`items` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text,
	`requested_at` integer NOT NULL,
	`reviewer_id` text,
	`review_comment` text,
	`reviewed_at` integer,
	`produced_punch_ids` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `corrections_worker` ON `corrections` (`worker_id`);--> statement-breakpoint
CREATE INDEX `corrections_status` ON `corrections` (`status`);--> statement-breakpoint
CREATE TABLE `month_close_events` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`month` text NOT NULL,
	`action` text NOT NULL,
	`reason` text NOT NULL,
	`by` text,
	`at` integer NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `month_close_events_month` ON `month_close_events` (`month`);--> statement-breakpoint
CREATE TABLE `presence` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`state` text NOT NULL,
	`site_id` text,
	`job_id` text,
	`step_key` text,
	`since` integer NOT NULL,
	`session_start` integer,
	`last_punch_id` text,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `presence_site` ON `presence` (`site_id`);--> statement-breakpoint
CREATE TABLE `punch_voids` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`site_id` text,
	`punch_id` text NOT NULL,
	`correction_id` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `punch_voids_worker` ON `punch_voids` (`worker_id`);--> statement-breakpoint
CREATE INDEX `punch_voids_punch` ON `punch_voids` (`punch_id`);--> statement-breakpoint
CREATE TABLE `punches` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`site_id` text,
	`device_id` text NOT NULL,
	`kind` text NOT NULL,
	`job_id` text,
	`step_key` text,
	`at` integer NOT NULL,
	`device_time` integer NOT NULL,
	`hlc` text NOT NULL,
	`hq_received_at` integer,
	`clock_offset_ms` integer,
	`source` text NOT NULL,
	`correction_id` text
);
--> statement-breakpoint
CREATE INDEX `punches_worker_at` ON `punches` (`worker_id`,`at`);--> statement-breakpoint
CREATE INDEX `punches_job` ON `punches` (`job_id`);--> statement-breakpoint
CREATE INDEX `punches_at` ON `punches` (`at`);--> statement-breakpoint
CREATE TABLE `room_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`site_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`at` integer NOT NULL,
	`punch_id` text NOT NULL,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `room_entries_site_at` ON `room_entries` (`site_id`,`at`);--> statement-breakpoint
CREATE TABLE `timesheet_submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`site_id` text,
	`month` text NOT NULL,
	`status` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`reviewer_id` text,
	`review_comment` text,
	`reviewed_at` integer,
	`hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `timesheet_submissions_worker_month` ON `timesheet_submissions` (`worker_id`,`month`);--> statement-breakpoint
CREATE INDEX `timesheet_submissions_month` ON `timesheet_submissions` (`month`);--> statement-breakpoint
CREATE TABLE `sync_bucket_rows` (
	`bucket` text NOT NULL,
	`tbl` text NOT NULL,
	`row_id` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`bucket`, `tbl`, `row_id`)
);
--> statement-breakpoint
CREATE INDEX `sync_bucket_rows_row` ON `sync_bucket_rows` (`tbl`,`row_id`);--> statement-breakpoint
CREATE TABLE `sync_buckets` (
	`bucket` text PRIMARY KEY NOT NULL,
	`cursor` integer NOT NULL,
	`checksum` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_rejections` (
	`seq` integer PRIMARY KEY NOT NULL,
	`command_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	`dismissed_at` integer
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` text PRIMARY KEY NOT NULL,
	`hq_url` text NOT NULL,
	`sealed_secret` text NOT NULL,
	`revoked_at` integer,
	`last_sync_at` integer,
	`last_attempt_at` integer,
	`last_error_code` text,
	`clock_offset_ms` integer,
	`hq_applied_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_touched` (
	`key` text PRIMARY KEY NOT NULL,
	`tbl` text NOT NULL,
	`row_id` text NOT NULL
);
