/* hsds_tables.c — see hsds_tables.h. */
#include "hsds_tables.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct hsds_column organizations_columns[] = {
    {"id", HSDS_ID},
    {"name", HSDS_TEXT},
    {"alternate_name", HSDS_TEXT},
    {"description", HSDS_TEXT},
    {"email", HSDS_TEXT},
    {"website", HSDS_TEXT},
    {"tax_status", HSDS_TEXT},
    {"tax_id", HSDS_TEXT},
    {"year_incorporated", HSDS_NUMBER},
    {"legal_status", HSDS_TEXT},
    {"logo", HSDS_TEXT},
    {"uri", HSDS_TEXT},
    {"parent_organization_id", HSDS_TEXT}};
static const struct hsds_column programs_columns[] = {
    {"id", HSDS_ID},
    {"organization_id", HSDS_REF},
    {"name", HSDS_TEXT},
    {"alternate_name", HSDS_TEXT},
    {"description", HSDS_TEXT}};
static const struct hsds_column taxonomies_columns[] = {
    {"id", HSDS_ID},
    {"name", HSDS_TEXT},
    {"description", HSDS_TEXT},
    {"uri", HSDS_TEXT},
    {"version", HSDS_TEXT}};
static const struct hsds_column taxonomy_terms_columns[] = {
    {"id", HSDS_ID},          {"code", HSDS_TEXT},
    {"name", HSDS_TEXT},      {"description", HSDS_TEXT},
    {"parent_id", HSDS_TEXT}, {"taxonomy", HSDS_TEXT},
    {"language", HSDS_TEXT},  {"taxonomy_id", HSDS_REF},
    {"term_uri", HSDS_TEXT}};
static const struct hsds_column services_columns[] = {
    {"id", HSDS_ID},
    {"organization_id", HSDS_REF},
    {"program_id", HSDS_REF},
    {"name", HSDS_TEXT},
    {"alternate_name", HSDS_TEXT},
    {"description", HSDS_TEXT},
    {"url", HSDS_TEXT},
    {"email", HSDS_TEXT},
    {"status", HSDS_TEXT},
    {"interpretation_services", HSDS_TEXT},
    {"application_process", HSDS_TEXT},
    {"fees_description", HSDS_TEXT},
    {"wait_time", HSDS_TEXT},
    {"fees", HSDS_TEXT},
    {"accreditations", HSDS_TEXT},
    {"eligibility_description", HSDS_TEXT},
    {"minimum_age", HSDS_NUMBER},
    {"maximum_age", HSDS_NUMBER},
    {"assured_date", HSDS_TEXT},
    {"assurer_email", HSDS_TEXT},
    {"licenses", HSDS_TEXT},
    {"alert", HSDS_TEXT},
    {"last_modified", HSDS_TEXT}};
static const struct hsds_column locations_columns[] = {
    {"id", HSDS_ID},
    {"location_type", HSDS_TEXT},
    {"url", HSDS_TEXT},
    {"organization_id", HSDS_REF},
    {"name", HSDS_TEXT},
    {"alternate_name", HSDS_TEXT},
    {"description", HSDS_TEXT},
    {"transportation", HSDS_TEXT},
    {"latitude", HSDS_NUMBER},
    {"longitude", HSDS_NUMBER},
    {"external_identifier", HSDS_TEXT},
    {"external_identifier_type", HSDS_TEXT}};
static const struct hsds_column service_at_location_columns[] = {
    {"id", HSDS_ID},
    {"service_id", HSDS_REF},
    {"location_id", HSDS_REF},
    {"description", HSDS_TEXT}};
static const struct hsds_column addresses_columns[] = {
    {"id", HSDS_ID},
    {"location_id", HSDS_REF},
    {"attention", HSDS_TEXT},
    {"address_1", HSDS_TEXT},
    {"address_2", HSDS_TEXT},
    {"city", HSDS_TEXT},
    {"region", HSDS_TEXT},
    {"state_province", HSDS_TEXT},
    {"postal_code", HSDS_TEXT},
    {"country", HSDS_TEXT},
    {"address_type", HSDS_TEXT}};
static const struct hsds_column contacts_columns[] = {
    {"id", HSDS_ID},           {"organization_id", HSDS_REF},
    {"service_id", HSDS_REF},  {"service_at_location_id", HSDS_REF},
    {"location_id", HSDS_REF}, {"name", HSDS_TEXT},
    {"title", HSDS_TEXT},      {"department", HSDS_TEXT},
    {"email", HSDS_TEXT}};
static const struct hsds_column phones_columns[] = {
    {"id", HSDS_ID},          {"location_id", HSDS_REF},
    {"service_id", HSDS_REF}, {"organization_id", HSDS_REF},
    {"contact_id", HSDS_REF}, {"service_at_location_id", HSDS_REF},
    {"number", HSDS_TEXT},    {"extension", HSDS_NUMBER},
    {"type", HSDS_TEXT},      {"description", HSDS_TEXT}};
static const struct hsds_column schedules_columns[] = {
    {"id", HSDS_ID},
    {"service_id", HSDS_REF},
    {"location_id", HSDS_REF},
    {"service_at_location_id", HSDS_REF},
    {"valid_from", HSDS_TEXT},
    {"valid_to", HSDS_TEXT},
    {"dtstart", HSDS_TEXT},
    {"timezone", HSDS_NUMBER},
    {"until", HSDS_TEXT},
    {"count", HSDS_NUMBER},
    {"wkst", HSDS_TEXT},
    {"freq", HSDS_TEXT},
    {"interval", HSDS_NUMBER},
    {"byday", HSDS_TEXT},
    {"byweekno", HSDS_TEXT},
    {"bymonthday", HSDS_TEXT},
    {"byyearday", HSDS_TEXT},
    {"description", HSDS_TEXT},
    {"opens_at", HSDS_TEXT},
    {"closes_at", HSDS_TEXT},
    {"schedule_link", HSDS_TEXT},
    {"attending_type", HSDS_TEXT},
    {"notes", HSDS_TEXT}};
static const struct hsds_column languages_columns[] = {
    {"id", HSDS_ID},        {"service_id", HSDS_REF}, {"location_id", HSDS_REF},
    {"phone_id", HSDS_REF}, {"name", HSDS_TEXT},      {"code", HSDS_TEXT},
    {"note", HSDS_TEXT}};
static const struct hsds_column accessibility_columns[] = {
    {"id", HSDS_ID},
    {"location_id", HSDS_REF},
    {"description", HSDS_TEXT},
    {"details", HSDS_TEXT},
    {"url", HSDS_TEXT}};
static const struct hsds_column cost_options_columns[] = {
    {"id", HSDS_ID},           {"service_id", HSDS_REF},
    {"valid_from", HSDS_TEXT}, {"valid_to", HSDS_TEXT},
    {"option", HSDS_TEXT},     {"currency", HSDS_TEXT},
    {"amount", HSDS_NUMBER},   {"amount_description", HSDS_TEXT}};
static const struct hsds_column required_documents_columns[] = {
    {"id", HSDS_ID},
    {"service_id", HSDS_REF},
    {"document", HSDS_TEXT},
    {"uri", HSDS_TEXT}};
static const struct hsds_column service_areas_columns[] = {
    {"id", HSDS_ID},       {"service_id", HSDS_REF},
    {"name", HSDS_TEXT},   {"description", HSDS_TEXT},
    {"extent", HSDS_TEXT}, {"extent_type", HSDS_TEXT},
    {"uri", HSDS_TEXT}};
static const struct hsds_column funding_columns[] = {
    {"id", HSDS_ID},
    {"organization_id", HSDS_REF},
    {"service_id", HSDS_REF},
    {"source", HSDS_TEXT}};
static const struct hsds_column organization_identifiers_columns[] = {
    {"id", HSDS_ID},
    {"organization_id", HSDS_REF},
    {"identifier_scheme", HSDS_TEXT},
    {"identifier_type", HSDS_TEXT},
    {"identifier", HSDS_TEXT}};
static const struct hsds_column attributes_columns[] = {
    {"id", HSDS_ID},
    {"link_id", HSDS_TEXT},
    {"taxonomy_term_id", HSDS_REF},
    {"link_type", HSDS_TEXT},
    {"link_entity", HSDS_TEXT},
    {"value", HSDS_TEXT}};
static const struct hsds_column metadata_columns[] = {
    {"id", HSDS_ID},
    {"resource_id", HSDS_TEXT},
    {"resource_type", HSDS_TEXT},
    {"last_action_date", HSDS_TEXT},
    {"last_action_type", HSDS_TEXT},
    {"field_name", HSDS_TEXT},
    {"previous_value", HSDS_TEXT},
    {"replacement_value", HSDS_TEXT},
    {"updated_by", HSDS_TEXT}};
static const struct hsds_column meta_table_descriptions_columns[] = {
    {"id", HSDS_ID},
    {"name", HSDS_TEXT},
    {"language", HSDS_TEXT},
    {"character_set", HSDS_TEXT}};
const struct hsds_table hsds_tables[] = {
    {"organizations", "hsds_organizations", "organization",
     organizations_columns,
     sizeof organizations_columns / sizeof organizations_columns[0]},
    {"programs", "hsds_programs", "program", programs_columns,
     sizeof programs_columns / sizeof programs_columns[0]},
    {"taxonomies", "hsds_taxonomies", "taxonomy", taxonomies_columns,
     sizeof taxonomies_columns / sizeof taxonomies_columns[0]},
    {"taxonomy_terms", "hsds_taxonomy_terms", "taxonomy_term",
     taxonomy_terms_columns,
     sizeof taxonomy_terms_columns / sizeof taxonomy_terms_columns[0]},
    {"services", "hsds_services", "service", services_columns,
     sizeof services_columns / sizeof services_columns[0]},
    {"locations", "hsds_locations", "location", locations_columns,
     sizeof locations_columns / sizeof locations_columns[0]},
    {"service_at_location", "hsds_service_at_location", "service_at_location",
     service_at_location_columns,
     sizeof service_at_location_columns /
         sizeof service_at_location_columns[0]},
    {"addresses", "hsds_addresses", "address", addresses_columns,
     sizeof addresses_columns / sizeof addresses_columns[0]},
    {"contacts", "hsds_contacts", "contact", contacts_columns,
     sizeof contacts_columns / sizeof contacts_columns[0]},
    {"phones", "hsds_phones", "phone", phones_columns,
     sizeof phones_columns / sizeof phones_columns[0]},
    {"schedules", "hsds_schedules", "schedule", schedules_columns,
     sizeof schedules_columns / sizeof schedules_columns[0]},
    {"languages", "hsds_languages", "language", languages_columns,
     sizeof languages_columns / sizeof languages_columns[0]},
    {"accessibility", "hsds_accessibility", "accessibility",
     accessibility_columns,
     sizeof accessibility_columns / sizeof accessibility_columns[0]},
    {"cost_options", "hsds_cost_options", "cost_option", cost_options_columns,
     sizeof cost_options_columns / sizeof cost_options_columns[0]},
    {"required_documents", "hsds_required_documents", "required_document",
     required_documents_columns,
     sizeof required_documents_columns / sizeof required_documents_columns[0]},
    {"service_areas", "hsds_service_areas", "service_area",
     service_areas_columns,
     sizeof service_areas_columns / sizeof service_areas_columns[0]},
    {"funding", "hsds_funding", "funding", funding_columns,
     sizeof funding_columns / sizeof funding_columns[0]},
    {"organization_identifiers", "hsds_organization_identifiers",
     "organization_identifier", organization_identifiers_columns,
     sizeof organization_identifiers_columns /
         sizeof organization_identifiers_columns[0]},
    {"attributes", "hsds_attributes", "attribute", attributes_columns,
     sizeof attributes_columns / sizeof attributes_columns[0]},
    {"metadata", "hsds_metadata", "metadata", metadata_columns,
     sizeof metadata_columns / sizeof metadata_columns[0]},
    {"meta_table_descriptions", "hsds_meta_table_descriptions",
     "meta_table_description", meta_table_descriptions_columns,
     sizeof meta_table_descriptions_columns /
         sizeof meta_table_descriptions_columns[0]},
};
const size_t hsds_table_count = sizeof hsds_tables / sizeof hsds_tables[0];

const struct hsds_table *hsds_table_named(const char *name)
{
	for (size_t i = 0; i < hsds_table_count; i++)
		if (!strcmp(hsds_tables[i].name, name))
			return &hsds_tables[i];
	return NULL;
}

void hsds_new_id(char out[37])
{
	uint8_t b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* the RFC 4122 variant */
	snprintf(out, 37,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
	         b[10], b[11], b[12], b[13], b[14], b[15]);
}
