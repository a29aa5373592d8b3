// JSON documents of the account-wide resources, with Heroku's field names
// (platform-api-schema.json). Pure functions of the immutable Account; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "fake_heroku/account.hpp"

namespace iru::fake::views {

nlohmann::json account(const Account& a);
nlohmann::json team(const Account& a, const Team& t);
nlohmann::json team_preferences(const Team& t);
nlohmann::json team_member(const Account& a, const TeamMember& m);
nlohmann::json team_invitation(const Account& a, const Team& t, const TeamInvitation& inv);
nlohmann::json feature(const Feature& f, const std::string& created_at);
nlohmann::json app(const Account& a, const App& app);
nlohmann::json team_app(const Account& a, const App& app);
nlohmann::json collaborator(const Account& a, const App& app, const AppCollaborator& c,
                            bool team_app);
nlohmann::json permission_entity(const Account& a, const Team& t, const App& app);
nlohmann::json addon(const Account& a, const Addon& addon);
nlohmann::json addon_attachment(const Account& a, const Addon& addon, const AddonAttachment& att);
nlohmann::json pipeline(const Account& a, const Pipeline& p);
// The review app config of a pipeline with review apps (index: its place in Account::pipelines).
nlohmann::json review_app_config(const Pipeline& p, std::size_t index);
nlohmann::json pipeline_coupling(const Account& a, const PipelineCoupling& c);
nlohmann::json space(const Account& a, const Space& s);
nlohmann::json vpn_connection(const Space& s, const VpnConnection& v);
nlohmann::json inbound_ruleset(const Account& a, const Space& s);
nlohmann::json space_peering(const Space& s, const SpacePeering& p);
nlohmann::json space_nat(const Space& s);
nlohmann::json space_member(const Account& a, const Space& s, const SpaceMember& m);
// A drain of a space or (owner_type "app") of an app; its header value is a secret.
nlohmann::json telemetry_drain(const TelemetryDrain& d, const std::string& owner_id,
                               const std::string& owner_type);
nlohmann::json oauth_authorization(const Account& a, const OAuthAuthorization& auth);
nlohmann::json oauth_client(const OAuthClient& c);
nlohmann::json enterprise_account(const EnterpriseAccount& ea);
nlohmann::json enterprise_member(const Account& a, const EnterpriseAccount& ea,
                                 const EnterpriseMember& m);
nlohmann::json account_key(const Account& a, int n);
nlohmann::json app_transfer(const Account& a, const AppTransfer& t);
nlohmann::json allowed_addon_service(const Account& a, const AllowedAddonService& s);
nlohmann::json identity_provider(const Account& a, const Team& t, const std::string& certificate);
nlohmann::json stacks();  // GET /stacks: heroku-20 (deprecated), heroku-22, heroku-24 (default)
nlohmann::json error(const std::string& id, const std::string& message);

}  // namespace iru::fake::views
