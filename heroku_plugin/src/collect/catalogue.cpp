// The rows of the catalogue and the fields each keeps. Field names and types follow Heroku's
// Platform API schema; what is left out is left out on purpose (secrets, data no audit needs).
#include "collect/catalogue.hpp"

#include <algorithm>

#include "collect/audit_mapping.hpp"
#include "collect/collection_summary.hpp"
#include "collect/identity_provider_record.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

namespace {

namespace t = json_type;
using S = Scrubber;

constexpr unsigned str = t::string;
constexpr unsigned nstr = t::string | t::null;
constexpr unsigned nbool = t::boolean | t::null;
constexpr unsigned integer = t::integer;
constexpr unsigned ninteger = t::integer | t::null;
constexpr unsigned obj = t::object;
constexpr unsigned nobj = t::object | t::null;
constexpr unsigned arr = t::array;

constexpr Field id_field{"id", str, S::none, {}, 0, true};
constexpr Field created_at{"created_at", str, S::none, {}, 0, false, true};
constexpr Field updated_at{"updated_at", str, S::none, {}, 0, false, true};

// {"id", "name"}: a reference to an app, team, pipeline or enterprise account.
constexpr Field ref_fields[] = {{"id", str, S::none, {}, 0, true}, {"name", nstr}};
constexpr Field id_name[] = {{"id", str}, {"name", nstr}};
constexpr Field id_email[] = {{"id", str}, {"email", nstr}};
constexpr Field id_email_name[] = {{"id", str}, {"email", nstr}, {"name", nstr}};
constexpr Field name_only[] = {{"name", nstr}};
constexpr Field idp_owner[] = {{"id", str}, {"name", nstr}, {"type", nstr}};
constexpr Field identity_provider[] = {{"id", str},
                                       {"name", nstr},
                                       {"redacted", nbool},
                                       {"owner", nobj, S::none, idp_owner},
                                       {"team", nobj, S::none, name_only},
                                       {"organization", nobj, S::none, name_only}};

constexpr Field app_ref{"app", obj, S::none, ref_fields, 0, true};
constexpr Field team_ref{"team", obj, S::none, ref_fields};

constexpr Field account_fields[] = {id_field,
                                    {"email", str, S::none, {}, 0, true},
                                    {"name", nstr},
                                    created_at,
                                    updated_at,
                                    {"federated", nbool},
                                    {"identity_provider", nobj, S::none, identity_provider},
                                    {"last_login", nstr, S::none, {}, 0, false, true},
                                    {"suspended_at", nstr, S::none, {}, 0, false, true},
                                    {"delinquent_at", nstr, S::none, {}, 0, false, true},
                                    {"two_factor_authentication", nbool},
                                    {"verified", nbool},
                                    {"default_organization", nobj, S::none, id_name},
                                    {"default_team", nobj, S::none, id_name},
                                    never_kept("sms_number"),
                                    never_kept("allow_tracking"),
                                    never_kept("beta"),
                                    never_kept("country_of_residence")};

constexpr Field team_preferences[] = {{"default-permission", nstr}, {"addons-controls", nbool}};
constexpr Field team_fields[] = {id_field,
                                 {"name", str, S::none, {}, 0, true},
                                 created_at,
                                 updated_at,
                                 {"credit_card_collections", nbool},
                                 {"default", nbool},
                                 {"enterprise_account", nobj, S::none, id_name},
                                 {"identity_provider", nobj, S::none, identity_provider},
                                 {"membership_limit", t::number | t::null},
                                 {"provisioned_licenses", nbool},
                                 {"role", nstr},
                                 {"type", nstr},
                                 {"preferences", obj, S::none, team_preferences}};

constexpr Field team_member_fields[] = {id_field,
                                        {"email", nstr},
                                        {"role", nstr},
                                        {"federated", nbool},
                                        {"two_factor_authentication", nbool},
                                        {"identity_provider", nobj, S::none, identity_provider},
                                        created_at,
                                        updated_at,
                                        {"user", obj, S::none, id_email_name, 0, true},
                                        {"team", obj, S::none, ref_fields, 0, true}};

constexpr Field team_invitation_fields[] = {id_field,
                                            {"role", nstr},
                                            created_at,
                                            updated_at,
                                            {"invited_by", nobj, S::none, id_email_name},
                                            {"user", nobj, S::none, id_email_name},
                                            {"team", obj, S::none, ref_fields, 0, true}};

constexpr Field enterprise_account_fields[] = {
    id_field,
    {"name", str, S::none, {}, 0, true},
    created_at,
    updated_at,
    {"permissions", arr, S::none, {}, str},
    {"trial", nbool},
    {"partner_benefits", nbool},
    {"identity_provider", nobj, S::none, identity_provider}};

constexpr Field permission_fields[] = {{"name", str}, {"description", nstr, S::text}};
constexpr Field enterprise_member_fields[] = {
    id_field,
    {"enterprise_account", obj, S::none, ref_fields, 0, true},
    {"permissions", arr, S::none, permission_fields, t::string | t::object},
    {"user", obj, S::none, id_email},
    {"two_factor_authentication", nbool},
    {"identity_provider", nobj, S::none, identity_provider}};

constexpr Field space_of_app[] = {{"id", str}, {"name", nstr}, {"shield", nbool}};
constexpr Field app_fields[] = {id_field,
                                {"name", str, S::none, {}, 0, true},
                                {"acm", nbool},
                                {"archived_at", nstr, S::none, {}, 0, false, true},
                                {"buildpack_provided_description", nstr, S::text},
                                {"build_stack", nobj, S::none, id_name},
                                created_at,
                                updated_at,
                                {"generation", nobj, S::none, id_name},
                                {"git_url", nstr, S::url},
                                {"internal_routing", nbool},
                                {"maintenance", nbool},
                                {"owner", nobj, S::none, id_email},
                                {"organization", nobj, S::none, id_name},
                                {"team", nobj, S::none, id_name},
                                {"region", nobj, S::none, id_name},
                                {"released_at", nstr, S::none, {}, 0, false, true},
                                {"repo_size", ninteger},
                                {"slug_size", ninteger},
                                {"space", nobj, S::none, space_of_app},
                                {"stack", nobj, S::none, id_name},
                                {"web_url", nstr, S::url},
                                {"joined", nbool},
                                {"locked", nbool}};

constexpr Field access_user[] = {
    {"id", str, S::none, {}, 0, true}, {"email", nstr}, {"federated", nbool}};
constexpr Field app_access_fields[] = {app_ref,
                                       team_ref,
                                       {"id", str},
                                       created_at,
                                       updated_at,
                                       {"role", nstr},
                                       {"user", obj, S::none, access_user, 0, true},
                                       {"permissions", arr, S::none, {}, str, true},
                                       {"source", str, S::none, {}, 0, true}};

constexpr Field formation_fields[] = {id_field,
                                      app_ref,
                                      team_ref,
                                      {"type", str},
                                      {"quantity", ninteger},
                                      {"size", nstr},
                                      {"command", nstr, S::command},
                                      {"dyno_size", nobj, S::none, id_name},
                                      created_at,
                                      updated_at};

constexpr Field release_ref[] = {{"id", str}, {"version", ninteger}};
constexpr Field dyno_fields[] = {id_field,
                                 app_ref,
                                 team_ref,
                                 {"name", nstr},
                                 {"type", nstr},
                                 {"size", nstr},
                                 {"state", nstr},
                                 {"command", nstr, S::command},
                                 {"release", nobj, S::none, release_ref},
                                 created_at,
                                 updated_at,
                                 never_kept("attach_url")};

constexpr Field config_vars_fields[] = {app_ref, team_ref, {"names", arr, S::none, {}, str, true}};

constexpr Field billing_entity[] = {{"id", str}, {"name", nstr}, {"type", nstr}};
constexpr Field billed_price[] = {{"cents", ninteger}, {"contract", nbool}, {"unit", nstr}};
constexpr Field addon_fields[] = {
    id_field,
    {"name", nstr},
    app_ref,
    team_ref,
    {"addon_service", nobj, S::none, id_name},
    {"plan", nobj, S::none, id_name},
    {"billing_entity", nobj, S::none, billing_entity},
    {"billed_price", nobj, S::none, billed_price},
    {"config_vars", arr, S::none, {}, str},  // names only: Heroku lists no values here
    {"provider_id", nstr},
    {"state", nstr},
    {"web_url", nstr, S::url},
    created_at,
    updated_at,
    never_kept("actions"),
    never_kept("provision_message")};
// An add-on's own app may be another than the record's app: Heroku's reference is kept.
constexpr Field addon_of_attachment[] = {
    {"id", str}, {"name", nstr}, {"app", nobj, S::none, id_name}};
constexpr Field addon_attachment_fields[] = {id_field,
                                             {"name", nstr},
                                             {"namespace", nstr},
                                             app_ref,
                                             team_ref,
                                             {"addon", nobj, S::none, addon_of_attachment},
                                             {"web_url", nstr, S::url},
                                             created_at,
                                             updated_at,
                                             never_kept("log_input_url")};

constexpr Field pipeline_owner[] = {{"id", str}, {"type", nstr}};
constexpr Field pipeline_fields[] = {id_field,
                                     {"name", nstr},
                                     {"owner", nobj, S::none, pipeline_owner},
                                     {"generation", nobj, S::none, id_name},
                                     team_ref,
                                     created_at,
                                     updated_at};
constexpr Field pipeline_coupling_fields[] = {
    id_field,   {"stage", nstr}, app_ref, team_ref, {"pipeline", obj, S::none, ref_fields},
    created_at, updated_at};

constexpr Field domain_fields[] = {id_field,
                                   app_ref,
                                   team_ref,
                                   {"hostname", nstr},
                                   {"kind", nstr},
                                   {"status", nstr},
                                   {"cname", nstr},
                                   {"acm_status", nstr},
                                   {"acm_status_reason", nstr, S::text},
                                   {"sni_endpoint", nobj, S::none, id_name},
                                   created_at,
                                   updated_at};

constexpr Field ssl_cert[] = {{"id", str},
                              {"ca_signed?", nbool},
                              {"self_signed?", nbool},
                              {"cert_domains", arr | t::null, S::none, {}, str},
                              {"expires_at", nstr, S::none, {}, 0, false, true},
                              {"starts_at", nstr, S::none, {}, 0, false, true},
                              {"issuer", nstr},
                              {"subject", nstr}};
constexpr Field sni_endpoint_fields[] = {id_field,
                                         app_ref,
                                         team_ref,
                                         {"name", nstr},
                                         {"display_name", nstr},
                                         {"domains", arr, S::none, {}, str},
                                         {"ssl_cert", nobj, S::none, ssl_cert},
                                         created_at,
                                         updated_at,
                                         never_kept("certificate_chain")};

constexpr Field log_drain_fields[] = {id_field,
                                      app_ref,
                                      team_ref,
                                      {"url", nstr, S::url},
                                      {"addon", nobj, S::none, addon_of_attachment},
                                      created_at,
                                      updated_at,
                                      never_kept("token")};

constexpr Field app_feature_fields[] = {id_field,
                                        app_ref,
                                        team_ref,
                                        {"name", nstr},
                                        {"display_name", nstr},
                                        {"description", nstr, S::text},
                                        {"doc_url", nstr, S::url},
                                        {"enabled", nbool},
                                        {"state", nstr},
                                        {"feedback_email", nstr},
                                        created_at,
                                        updated_at};

constexpr Field artifact[] = {{"id", str}, {"type", nstr}};
constexpr Field slug_ref[] = {{"id", str}};
constexpr Field release_fields[] = {id_field,
                                    app_ref,
                                    team_ref,
                                    {"version", ninteger},
                                    {"status", nstr},
                                    {"current", nbool},
                                    {"description", nstr, S::text},
                                    {"addon_plan_names", arr, S::none, {}, str},
                                    {"artifacts", arr, S::none, artifact, t::object},
                                    {"slug", nobj, S::none, slug_ref},
                                    {"user", nobj, S::none, id_email},
                                    {"eligible_for_rollback", nbool},
                                    created_at,
                                    updated_at,
                                    never_kept("output_stream_url")};

// A buildpack is a registry name ("heroku/ruby") or a URL: text keeps the one, scrubs the other.
constexpr Field buildpack_ref[] = {{"url", nstr, S::text}, {"name", nstr}};
constexpr Field buildpack_fields[] = {app_ref,
                                      team_ref,
                                      {"ordinal", integer, S::none, {}, 0, true},
                                      {"buildpack", nobj, S::none, buildpack_ref}};

// A webhook's URL keeps scheme, host and port (a Slack-style URL holds its secret in the path);
// the signing secret and the custom Authorization header are never kept.
constexpr Field app_webhook_fields[] = {id_field,
                                        app_ref,
                                        team_ref,
                                        {"url", nstr, S::url},
                                        {"include", arr, S::none, {}, str},
                                        {"level", nstr},
                                        created_at,
                                        updated_at,
                                        never_kept("secret"),
                                        never_kept("authorization")};

constexpr Field space_fields[] = {id_field,
                                  {"name", nstr},
                                  team_ref,
                                  {"organization", nobj, S::none, name_only},
                                  {"region", nobj, S::none, id_name},
                                  {"shield", nbool},
                                  {"state", nstr},
                                  {"cidr", nstr},
                                  {"data_cidr", nstr},
                                  {"generation", nobj, S::none, id_name},
                                  created_at,
                                  updated_at};

constexpr Field token_fields[] = {id_field,
                                  {"description", nstr, S::text},
                                  {"scope", arr, S::none, {}, str},
                                  {"client", nobj, S::none, id_name},
                                  {"user", nobj, S::none, id_email},
                                  created_at,
                                  updated_at,
                                  {"expires_at", nstr, S::none, {}, 0, false, true}};

// A team of an enterprise account as GET /enterprise-accounts/{ea}/teams gives it (the token's
// user need not be a member: no role, no preferences).
constexpr Field enterprise_team_fields[] = {
    id_field,
    {"name", str, S::none, {}, 0, true},
    created_at,
    updated_at,
    {"credit_card_collections", nbool},
    {"default", nbool},
    {"enterprise_account", obj, S::none, ref_fields, 0, true},
    {"identity_provider", nobj, S::none, identity_provider},
    {"membership_limit", t::number | t::null},
    {"provisioned_licenses", nbool},
    {"role", nstr},
    {"type", nstr}};

// Account and team features share Heroku's feature shape.
constexpr Field team_feature_fields[] = {id_field,
                                         {"team", obj, S::none, ref_fields, 0, true},
                                         {"name", nstr},
                                         {"display_name", nstr},
                                         {"description", nstr, S::text},
                                         {"doc_url", nstr, S::url},
                                         {"enabled", nbool},
                                         {"state", nstr},
                                         {"feedback_email", nstr},
                                         created_at,
                                         updated_at};
constexpr Field account_feature_fields[] = {id_field,
                                            {"name", nstr},
                                            {"display_name", nstr},
                                            {"description", nstr, S::text},
                                            {"doc_url", nstr, S::url},
                                            {"enabled", nbool},
                                            {"state", nstr},
                                            {"feedback_email", nstr},
                                            created_at,
                                            updated_at};

constexpr Field addon_service_ref[] = {{"id", nstr}, {"name", nstr}, {"human_name", nstr}};
constexpr Field nid_email[] = {{"id", nstr}, {"email", nstr}};
constexpr Field allowed_addon_service_fields[] = {
    id_field,
    {"team", obj, S::none, ref_fields, 0, true},
    {"addon_service", nobj, S::none, addon_service_ref},
    {"added_by", nobj, S::none, nid_email},
    {"added_at", nstr, S::none, {}, 0, false, true}};

// A team's SAML identity provider. Its certificate (PEM text) is never kept: the record holds
// what OpenSSL reads from it (reshape_identity_provider), or why it could not be read. The entity
// id is an identifier the IdP publishes in its metadata, kept as it is.
constexpr Field idp_certificate_facts[] = {{"subject", nstr},
                                           {"issuer", nstr},
                                           {"not_before", nstr, S::none, {}, 0, false, true},
                                           {"not_after", nstr, S::none, {}, 0, false, true},
                                           {"sha256_fingerprint", nstr}};
constexpr Field identity_provider_fields[] = {
    id_field,
    team_ref,
    {"entity_id", nstr},
    {"sso_target_url", nstr, S::url},
    {"slo_target_url", nstr, S::url},
    {"owner", nobj, S::none, idp_owner},
    {"organization", nobj, S::none, name_only},
    created_at,
    updated_at,
    {"certificates", arr, S::none, idp_certificate_facts, t::object, true},
    {"certificate_parse_error", nstr, S::none, {}, 0, true},
    never_kept("certificate")};

// The key's facts, never the public key itself.
constexpr Field ssh_key_fields[] = {
    id_field,   {"fingerprint", nstr},   {"comment", nstr, S::text}, {"email", nstr}, created_at,
    updated_at, never_kept("public_key")};

constexpr Field oauth_client_fields[] = {id_field,
                                         {"name", nstr},
                                         {"redirect_uri", nstr, S::url},
                                         {"ignores_delinquent", nbool},
                                         created_at,
                                         updated_at,
                                         never_kept("secret")};

constexpr Field app_transfer_fields[] = {id_field,
                                         app_ref,
                                         team_ref,
                                         {"owner", nobj, S::none, id_email},
                                         {"recipient", nobj, S::none, id_email},
                                         {"state", nstr},
                                         created_at,
                                         updated_at};

// The network boundary of a private space. The space is the plugin's reference (attach::space).
constexpr Field space_ref{"space", obj, S::none, ref_fields, 0, true};
constexpr Field cidr_rule[] = {{"action", nstr}, {"source", nstr}};
constexpr Field space_inbound_ruleset_fields[] = {space_ref,
                                                  team_ref,
                                                  {"id", str},
                                                  {"rules", arr, S::none, cidr_rule, t::object},
                                                  {"created_by", nstr},
                                                  created_at};

// A tunnel's pre-shared key is a secret: never kept.
constexpr Field vpn_tunnel[] = {{"last_status_change", nstr, S::none, {}, 0, false, true},
                                {"ip", nstr},
                                {"customer_ip", nstr},
                                {"status", nstr},
                                {"status_message", nstr, S::text},
                                never_kept("pre_shared_key")};
constexpr Field space_vpn_connection_fields[] = {id_field,
                                                 space_ref,
                                                 team_ref,
                                                 {"name", nstr},
                                                 {"public_ip", nstr},
                                                 {"routable_cidrs", arr, S::none, {}, str},
                                                 {"space_cidr_block", nstr},
                                                 {"tunnels", arr, S::none, vpn_tunnel, t::object},
                                                 {"ike_version", ninteger},
                                                 {"status", nstr},
                                                 {"status_message", nstr, S::text}};

constexpr Field space_peering_fields[] = {space_ref,
                                          team_ref,
                                          {"pcx_id", str, S::none, {}, 0, true},
                                          {"type", nstr},
                                          {"cidr_blocks", arr, S::none, {}, str},
                                          {"status", nstr},
                                          {"aws_vpc_id", nstr},
                                          {"aws_region", nstr},
                                          {"aws_account_id", nstr},
                                          {"expires", nstr, S::none, {}, 0, false, true}};

constexpr Field space_nat_fields[] = {space_ref,       team_ref,
                                      {"state", nstr}, {"sources", arr, S::none, {}, str},
                                      created_at,      updated_at};

constexpr Field space_access_fields[] = {
    space_ref,
    team_ref,
    {"user", obj, S::none, id_email, 0, true},
    {"permissions", arr, S::none, permission_fields, t::string | t::object},
    created_at,
    updated_at,
    never_kept("id")};  // the space's id again (Heroku's schema says so): the reference has it

// The exporter's headers carry API keys: never kept, names included (a value may sit in a name).
constexpr Field telemetry_owner[] = {{"id", str}, {"type", nstr}};
constexpr Field telemetry_exporter[] = {
    {"type", nstr}, {"endpoint", nstr, S::url}, never_kept("headers")};
constexpr Field telemetry_drain_fields[] = {id_field,
                                            {"owner", nobj, S::none, telemetry_owner},
                                            {"signals", arr, S::none, {}, str},
                                            {"exporter", nobj, S::none, telemetry_exporter},
                                            {"space", nobj, S::none, ref_fields},
                                            {"app", nobj, S::none, ref_fields},
                                            team_ref,
                                            created_at,
                                            updated_at};
// A stack and its availability (public, beta, deprecated): an app's stack is held against it.
constexpr Field stack_fields[] = {id_field,        {"name", str, S::none, {}, 0, true},
                                  {"state", nstr}, {"default", nbool},
                                  created_at,      updated_at};

// A pipeline's review app settings. The repository is named by its id only. The schema types
// stale_days and the repository id as integers and gives string examples: both are accepted.
constexpr unsigned int_or_text = t::integer | t::string | t::null;
constexpr Field deploy_target[] = {{"id", nstr}, {"type", nstr}};
constexpr Field repo_ref[] = {{"id", int_or_text}};
constexpr Field review_config_fields[] = {{"pipeline", obj, S::none, ref_fields, 0, true},
                                          team_ref,
                                          {"configured", t::boolean, S::none, {}, 0, true},
                                          {"pipeline_id", nstr},
                                          {"automatic_review_apps", nbool},
                                          {"wait_for_ci", nbool},
                                          {"destroy_stale_apps", nbool},
                                          {"stale_days", int_or_text},
                                          {"base_name", nstr},
                                          {"deploy_target", nobj, S::none, deploy_target},
                                          {"repo", nobj, S::none, repo_ref}};

// An enterprise account's audit trail. An event's data keeps what its type's rule names
// (collect/audit_mapping.cpp): config vars by name, never a value; data_keys names the members of
// an event type the plugin does not know.
constexpr Field ea_ref{"enterprise_account", obj, S::none, ref_fields, 0, true};
constexpr Field audit_request[] = {{"ip_address", nstr}};
constexpr Field audit_data[] = {{"type", nstr},
                                {"quantity", ninteger},
                                {"size", nstr},
                                {"hostname", nstr},
                                {"email", nstr},
                                {"permissions", arr, S::none, {}, str},
                                {"config_var_names", arr, S::none, {}, str}};
constexpr Field audit_event_fields[] = {
    id_field,
    ea_ref,
    {"type", nstr},
    {"action", nstr},
    {"actor", nobj, S::none, id_email},
    {"app", nobj, S::none, id_name},
    {"owner", nobj, S::none, id_email},
    {"team", nobj, S::none, id_name},
    {"request", nobj, S::none, audit_request},
    {"data", obj, S::none, audit_data},
    {"data_keys", arr, S::text, {}, str},  // Heroku's free-form names
    created_at};
// The signed download link is a secret: never kept.
constexpr Field audit_archive_fields[] = {ea_ref,
                                          {"period", str, S::none, {}, 0, true},
                                          {"year", ninteger},
                                          {"month", nstr},
                                          {"size", ninteger},
                                          {"checksum", nstr},
                                          created_at,
                                          never_kept("url")};

constexpr unsigned app_team = attach::app | attach::team;

// In the order of the descriptor's record types. The per-app rows (Scope::app) are read for one app
// in this order; the first that runs is the app's visibility probe (a 403 on it means the token
// cannot see the app).
constexpr Row rows[] = {
    {.type = record_type::account,
     .path = "/account",
     .paging = {.list = false},
     .gap_403 = gap_kind::request_failed,
     .gap_404 = gap_kind::request_failed,
     .fields = account_fields,
     .description = "The token's user, from GET /account."},
    {.type = record_type::team,
     .path = "/teams",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .fields = team_fields,
     .description = "A team of the token's user, from GET /teams, with its preferences from "
                    "GET /teams/{team}/preferences."},
    {.type = record_type::team_member,
     .path = "/teams/{team}/members",
     .scope = Scope::team,
     .paging = {.attribute = "email"},
     .gap_403 = gap_kind::team_members_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::team,
     .key_field = "user.id",
     .attached = attach::team,
     .fields = team_member_fields,
     .description = "A member of a team, from GET /teams/{team}/members."},
    {.type = record_type::team_invitation,
     .path = "/teams/{team}/invitations",
     .scope = Scope::team,
     .gap_403 = gap_kind::team_invitations_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::team,
     .attached = attach::team,
     .fields = team_invitation_fields,
     .description = "A pending invitation to a team, from GET /teams/{team}/invitations."},
    {.type = record_type::team_feature,
     .path = "/teams/{team}/features",
     .scope = Scope::team,
     .gap_403 = gap_kind::request_failed,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::team,
     .attached = attach::team,
     .fields = team_feature_fields,
     .description = "A feature of a team and whether it is enabled, from "
                    "GET /teams/{team}/features."},
    {.type = record_type::allowed_addon_service,
     .path = "/teams/{team}/allowed-addon-services",
     .scope = Scope::team,
     .gap_403 = gap_kind::request_failed,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::team,
     .attached = attach::team,
     .fields = allowed_addon_service_fields,
     .description = "An add-on service a team allows its apps to use (add-on controls), from "
                    "GET /teams/{team}/allowed-addon-services."},
    // A team without the single sign-on feature has no identity provider: an empty list, or a
    // 404, which is not a gap.
    {.type = record_type::identity_provider,
     .path = "/teams/{team}/identity-providers",
     .scope = Scope::team,
     .gap_403 = gap_kind::request_failed,
     .gap_404 = {},
     .none_when_missing = true,
     .key_prefix = KeyPrefix::team,
     .attached = attach::team,
     .fields = identity_provider_fields,
     .reshape = &reshape_identity_provider,
     .description = "A team's SAML identity provider (entity id, sign-on and log-out URLs as "
                    "scheme, host and port, owner) with the facts of its certificate (subject, "
                    "issuer, validity, SHA-256 fingerprint; never the certificate itself), from "
                    "GET /teams/{team}/identity-providers."},
    {.type = record_type::enterprise_account,
     .path = "/enterprise-accounts",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .fields = enterprise_account_fields,
     .description = "An enterprise account, from GET /enterprise-accounts."},
    {.type = record_type::enterprise_member,
     .path = "/enterprise-accounts/{enterprise_account}/members",
     .scope = Scope::enterprise_account,
     .condition = Condition::enterprise_view,
     .gap_403 = gap_kind::request_failed,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::enterprise_account,
     .attached = attach::enterprise_account,
     .fields = enterprise_member_fields,
     .description = "A member of an enterprise account, from "
                    "GET /enterprise-accounts/{enterprise_account}/members."},
    {.type = record_type::enterprise_team,
     .path = "/enterprise-accounts/{enterprise_account}/teams",
     .scope = Scope::enterprise_account,
     .condition = Condition::enterprise_view,
     .gap_403 = gap_kind::request_failed,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::enterprise_account,
     .attached = attach::enterprise_account,
     .fields = enterprise_team_fields,
     .description = "A team of an enterprise account, whether or not the token's user is a "
                    "member of it, from GET /enterprise-accounts/{enterprise_account}/teams."},
    // The audit trail: read only with the enterprise account's "view" permission; without it each
    // row is an enterprise_view_denied gap.
    {.type = record_type::audit_event,
     .path = "/enterprise-accounts/{enterprise_account}/events",
     .scope = Scope::enterprise_account,
     .paging = {.per_day = true},
     .condition = Condition::enterprise_view,
     .gap_403 = gap_kind::enterprise_view_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::enterprise_account,
     .attached = attach::enterprise_account,
     .fields = audit_event_fields,
     .reshape = &reshape_audit_event,
     .description = "An event of an enterprise account's audit trail, from "
                    "GET /enterprise-accounts/{enterprise_account}/events?day=YYYY-MM-DD, each day "
                    "read completely once (today until it is over): its data keeps what changed "
                    "(formation, domain, collaborator, config var names), never a value."},
    {.type = record_type::audit_archive,
     .path = "/enterprise-accounts/{enterprise_account}/archives",
     .scope = Scope::enterprise_account,
     .condition = Condition::enterprise_view,
     .gap_403 = gap_kind::enterprise_view_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::enterprise_account,
     .key_field = "period",
     .attached = attach::enterprise_account,
     .fields = audit_archive_fields,
     .reshape = &reshape_audit_archive,
     .description = "A monthly archive of an enterprise account's audit trail (its period, size "
                    "and checksum, never its download link), from "
                    "GET /enterprise-accounts/{enterprise_account}/archives."},
    {.type = record_type::app,
     .path = "/apps",
     .team_path = "/teams/{team}/apps",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = attach::team,
     .fields = app_fields,
     .description = "An app: the union of GET /apps and GET /teams/{team}/apps (joined, locked)."},
    {.type = record_type::app_access,
     .path = "/teams/{team}/permissions",
     .scope = Scope::team,
     .condition = Condition::team_admin,
     .link = Link::entity_app,
     .gap_403 = gap_kind::team_permissions_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::app,
     .key_field = "user.id",
     .attached = app_team,
     .fields = app_access_fields,
     .reshape = &reshape_access_matrix,
     .description = "One user's access to one app: from GET /teams/{team}/permissions where the "
                    "token's user is a team admin (source team_permissions), otherwise from "
                    "GET /apps/{app}/collaborators or GET /teams/apps/{app}/collaborators "
                    "(source collaborators)."},
    {.type = record_type::formation,
     .path = "/apps/{app}/formation",
     .scope = Scope::app,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = formation_fields,
     .description = "A process type's formation, from GET /apps/{app}/formation."},
    {.type = record_type::dyno,
     .path = "/apps/{app}/dynos",
     .scope = Scope::app,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = dyno_fields,
     .description = "A dyno, from GET /apps/{app}/dynos."},
    {.type = record_type::config_vars,
     .path = "/apps/{app}/config-vars",
     .scope = Scope::app,
     .paging = {.list = false},
     .gap_403 = gap_kind::config_vars_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .key_field = "",
     .attached = app_team,
     .fields = config_vars_fields,
     .reshape = &reshape_config_var_names,
     .description = "The names of an app's config vars, sorted, from GET /apps/{app}/config-vars. "
                    "Values never leave the plugin."},
    {.type = record_type::addon,
     .path = "/addons",
     .link = Link::item_app,
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = app_team,
     .fields = addon_fields,
     .description = "An add-on, from GET /addons."},
    {.type = record_type::addon_attachment,
     .path = "/addon-attachments",
     .link = Link::item_app,
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = app_team,
     .fields = addon_attachment_fields,
     .description = "An add-on attachment, from GET /addon-attachments."},
    {.type = record_type::pipeline,
     .path = "/pipelines",
     .link = Link::owner_team,
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = attach::team,
     .fields = pipeline_fields,
     .description = "A pipeline, from GET /pipelines."},
    {.type = record_type::pipeline_review_config,
     .path = "/pipelines/{pipeline}/review-app-config",
     .scope = Scope::pipeline,
     .paging = {.list = false},
     .gap_403 = gap_kind::request_failed,
     .gap_404 = {},
     .presence_field = "configured",
     .key_prefix = KeyPrefix::pipeline,
     .key_field = "",
     .attached = attach::pipeline | attach::team,
     .fields = review_config_fields,
     .description = "The review app settings of a pipeline (wait for CI, automatic review apps, "
                    "stale review apps), from GET /pipelines/{pipeline}/review-app-config, for "
                    "every pipeline recorded; a pipeline without review apps (404) is recorded "
                    "with configured false and nothing else."},
    {.type = record_type::pipeline_coupling,
     .path = "/pipeline-couplings",
     .link = Link::app_pipeline,
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = app_team | attach::pipeline,
     .fields = pipeline_coupling_fields,
     .description = "An app's place in a pipeline, from GET /pipeline-couplings."},
    {.type = record_type::domain,
     .path = "/apps/{app}/domains",
     .scope = Scope::app,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = domain_fields,
     .description = "A domain of an app, from GET /apps/{app}/domains."},
    {.type = record_type::sni_endpoint,
     .path = "/apps/{app}/sni-endpoints",
     .scope = Scope::app,
     .condition = Condition::domain_uses_sni,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = sni_endpoint_fields,
     .description = "An SNI endpoint (certificate facts, no certificate), from "
                    "GET /apps/{app}/sni-endpoints, read only where a domain uses one."},
    {.type = record_type::log_drain,
     .path = "/apps/{app}/log-drains",
     .scope = Scope::app,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = log_drain_fields,
     .description = "A log drain, from GET /apps/{app}/log-drains: its URL keeps scheme, host "
                    "and port only."},
    {.type = record_type::app_feature,
     .path = "/apps/{app}/features",
     .scope = Scope::app,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = app_feature_fields,
     .description = "An app feature, from GET /apps/{app}/features."},
    {.type = record_type::release,
     .path = "/apps/{app}/releases",
     .scope = Scope::app,
     .paging = {.attribute = "version", .descending = true},
     .condition = Condition::releases_wanted,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = release_fields,
     .description = "One of an app's newest releases, from GET /apps/{app}/releases."},
    {.type = record_type::buildpack,
     .path = "/apps/{app}/buildpack-installations",
     .scope = Scope::app,
     .paging = {.attribute = "ordinal"},
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .key_field = "ordinal",
     .attached = app_team,
     .fields = buildpack_fields,
     .description = "A buildpack of an app, by ordinal, from "
                    "GET /apps/{app}/buildpack-installations."},
    {.type = record_type::app_webhook,
     .path = "/apps/{app}/webhooks",
     .scope = Scope::app,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = app_webhook_fields,
     .description = "A webhook subscription of an app (what it notifies about, how, and the "
                    "receiving URL's scheme, host and port; never its secret or authorization), "
                    "from GET /apps/{app}/webhooks."},
    {.type = record_type::space,
     .path = "/spaces",
     .link = Link::item_team,
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = attach::team,
     .fields = space_fields,
     .description = "A private space, from GET /spaces."},
    // A space's rows are read for each space of GET /spaces, right after it (none has an
    // account-wide list). Which generation offers which is Heroku's answer (a 404 or 422: not
    // offered) except where the schema says so (generations).
    {.type = record_type::space_inbound_ruleset,
     .path = "/spaces/{space}/inbound-ruleset",
     .scope = Scope::space,
     .paging = {.list = false},
     .gap_403 = gap_kind::space_endpoint_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::space,
     .key_field = "",
     .attached = attach::space | attach::team,
     .fields = space_inbound_ruleset_fields,
     .description = "The trusted IP ranges of a private space (its current inbound ruleset), from "
                    "GET /spaces/{space}/inbound-ruleset."},
    {.type = record_type::space_vpn_connection,
     .path = "/spaces/{space}/vpn-connections",
     .scope = Scope::space,
     .gap_403 = gap_kind::space_endpoint_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::space,
     .attached = attach::space | attach::team,
     .fields = space_vpn_connection_fields,
     .description = "A VPN connection of a private space and its tunnels (never a tunnel's "
                    "pre-shared key), from GET /spaces/{space}/vpn-connections."},
    {.type = record_type::space_peering,
     .path = "/spaces/{space}/peerings",
     .scope = Scope::space,
     .paging = {.attribute = "pcx_id"},  // a peering has no id
     .gap_403 = gap_kind::space_endpoint_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::space,
     .key_field = "pcx_id",
     .attached = attach::space | attach::team,
     .fields = space_peering_fields,
     .description = "A VPC peering connection of a private space, from "
                    "GET /spaces/{space}/peerings."},
    {.type = record_type::space_nat,
     .path = "/spaces/{space}/nat",
     .scope = Scope::space,
     .paging = {.list = false},
     .gap_403 = gap_kind::space_endpoint_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::space,
     .key_field = "",
     .attached = attach::space | attach::team,
     .fields = space_nat_fields,
     .description = "The network address translation of a private space (its stable outbound IP "
                    "addresses), from GET /spaces/{space}/nat."},
    {.type = record_type::space_access,
     .path = "/spaces/{space}/members",
     .scope = Scope::space,
     .gap_403 = gap_kind::space_endpoint_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::space,
     .key_field = "user.id",
     .attached = attach::space | attach::team,
     .fields = space_access_fields,
     .description = "A user's permissions on a private space, from GET /spaces/{space}/members."},
    // Heroku's schema: telemetry drains are for the fir generation only.
    {.type = record_type::telemetry_drain,
     .path = "/spaces/{space}/telemetry-drains",
     .scope = Scope::space,
     .generations = generation::fir,
     .gap_403 = gap_kind::space_endpoint_denied,
     .gap_404 = gap_kind::request_failed,
     .key_prefix = KeyPrefix::space,
     .attached = attach::space | attach::team,
     .fields = telemetry_drain_fields,
     .description = "An OpenTelemetry drain of a fir private space or of a fir app, from "
                    "GET /spaces/{space}/telemetry-drains and GET /apps/{app}/telemetry-drains: "
                    "its endpoint keeps scheme, host and port only, its headers never leave the "
                    "plugin."},
    {.type = record_type::token,
     .path = "/oauth/authorizations",
     .gap_403 = gap_kind::request_failed,
     .gap_404 = gap_kind::request_failed,
     .fields = token_fields,
     .description = "The OAuth authorization of the token in use, from GET /oauth/authorizations "
                    "(never a token value)."},
    {.type = record_type::account_feature,
     .path = "/account/features",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .fields = account_feature_fields,
     .description = "A feature of the token's account and whether it is enabled, from "
                    "GET /account/features."},
    {.type = record_type::ssh_key,
     .path = "/account/keys",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .fields = ssh_key_fields,
     .description = "An SSH key of the token's account (fingerprint and comment, never the "
                    "public key), from GET /account/keys."},
    {.type = record_type::oauth_client,
     .path = "/oauth/clients",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .fields = oauth_client_fields,
     .description = "An OAuth client the account registered (never its secret), from "
                    "GET /oauth/clients."},
    {.type = record_type::app_transfer,
     .path = "/account/app-transfers",
     .link = Link::item_app,
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .attached = app_team,
     .fields = app_transfer_fields,
     .description = "A pending transfer of an app's ownership, from GET /account/app-transfers."},
    {.type = record_type::stack,
     .path = "/stacks",
     .gap_403 = gap_kind::list_incomplete,
     .gap_404 = gap_kind::list_incomplete,
     .fields = stack_fields,
     .description = "A stack Heroku offers and its state (public, beta, deprecated), from "
                    "GET /stacks: an app's stack (heroku.app stack.id) is held against it."},
    {.type = record_type::app_access,
     .path = "/apps/{app}/collaborators",
     .team_path = "/teams/apps/{app}/collaborators",
     .scope = Scope::app,
     .condition = Condition::no_team_matrix,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .key_field = "user.id",
     .attached = app_team,
     .fields = app_access_fields,
     .reshape = &reshape_collaborator},
    {.type = record_type::telemetry_drain,
     .path = "/apps/{app}/telemetry-drains",
     .scope = Scope::app,
     .generations = generation::fir,
     .gap_403 = gap_kind::app_endpoint_denied,
     .gap_404 = gap_kind::app_vanished,
     .key_prefix = KeyPrefix::app,
     .attached = app_team,
     .fields = telemetry_drain_fields},
};

}  // namespace

unsigned generation_bit(std::string_view name) noexcept {
    if (name == "cedar") return generation::cedar;
    if (name == "fir") return generation::fir;
    return 0;
}

std::span<const Row> catalogue() { return rows; }

const Row* row_of(std::string_view type) {
    for (const Row& row : rows)
        if (row.type == type) return &row;
    return nullptr;
}

std::vector<std::string_view> catalogue_record_types() {
    std::vector<std::string_view> types;
    for (const Row& row : rows)
        if (std::find(types.begin(), types.end(), row.type) == types.end())
            types.push_back(row.type);
    return types;
}

}  // namespace iru::heroku
