// Every endpoint the collector reads answers with Heroku's field names (platform-api-schema.json).
#include <catch2/catch.hpp>

#include "http_get.hpp"

using namespace iru::fake;
using namespace iru::fake::test;
using nlohmann::json;

namespace {

struct Endpoint {
    std::string path;                 // {app} {team} {ea} {space} are substituted
    std::vector<std::string> fields;  // each must be present in the object (first item of a list)
};

std::string substitute(std::string path, const Account& a) {
    const auto replace = [&](const std::string& from, const std::string& to) {
        for (auto pos = path.find(from); pos != std::string::npos; pos = path.find(from))
            path.replace(pos, from.size(), to);
    };
    replace("{app}", a.apps[0].name);  // app 0: custom domain with SNI, a drain, add-ons
    replace("{team_app}", a.apps[a.teams[0].apps.front()].id);
    replace("{team}", a.teams[0].name);
    replace("{ea}", a.enterprise_accounts[0].id);
    replace("{space}", a.spaces[0].id);  // space 0: cedar
    for (const auto& space : a.spaces)
        if (space.generation == "fir") replace("{fir_space}", space.id);
    for (const auto& app : a.apps)
        if (app.generation == "fir" && app.in_apps_list) replace("{fir_app}", app.name);
    replace("{pipeline}", a.pipelines[0].id);  // pipeline 0 has review apps
    return path;
}

}  // namespace

TEST_CASE("every endpoint answers with the schema's field names", "[endpoints]") {
    Config config;
    config.account.apps = 40;
    config.account.teams = 3;
    FakeHeroku fake(config);
    fake.start();
    FakeClient client(fake);
    const std::vector<Endpoint> endpoints = {
        {"/account",
         {"id", "email", "two_factor_authentication", "federated", "last_login",
          "identity_provider"}},
        {"/account/features", {"id", "name", "enabled", "state"}},
        {"/account/keys", {"id", "fingerprint", "comment", "public_key"}},
        {"/account/app-transfers", {"id", "app", "owner", "recipient", "state", "created_at"}},
        {"/teams", {"id", "name", "role", "type", "enterprise_account", "identity_provider"}},
        {"/teams/{team}", {"id", "name", "role"}},
        {"/teams/{team}/preferences", {"default-permission", "addons-controls"}},
        {"/teams/{team}/members",
         {"id", "email", "role", "two_factor_authentication", "federated", "identity_provider",
          "user"}},
        {"/teams/{team}/invitations", {"id", "invited_by", "role", "team", "user"}},
        {"/teams/{team}/apps",
         {"id", "name", "joined", "locked", "owner", "team", "space", "stack", "region"}},
        {"/teams/{team}/permissions", {"id", "name", "team_id", "type", "users"}},
        {"/teams/{team}/features", {"id", "name", "enabled"}},
        {"/teams/{team}/allowed-addon-services", {"id", "addon_service", "added_by", "added_at"}},
        {"/teams/{team}/identity-providers", {"id", "entity_id", "sso_target_url", "owner"}},
        {"/enterprise-accounts", {"id", "name", "permissions", "identity_provider"}},
        {"/enterprise-accounts/{ea}", {"id", "name"}},
        {"/enterprise-accounts/{ea}/members",
         {"id", "user", "permissions", "two_factor_authentication", "identity_provider"}},
        {"/enterprise-accounts/{ea}/teams", {"id", "name"}},
        {"/apps",
         {"id", "name", "acm", "stack", "region", "space", "maintenance", "internal_routing",
          "owner", "team", "organization"}},
        {"/apps/{app}", {"id", "name", "acm", "build_stack", "generation", "web_url"}},
        {"/apps/{app}/formation", {"id", "type", "quantity", "size", "command", "app"}},
        {"/apps/{app}/dynos", {"id", "name", "type", "size", "state", "release", "attach_url"}},
        {"/apps/{app}/config-vars", {"SECRET_KEY_BASE"}},
        {"/apps/{app}/collaborators", {"id", "role", "user", "permissions", "app"}},
        {"/apps/{app}/domains",
         {"id", "hostname", "kind", "acm_status", "sni_endpoint", "cname", "status"}},
        {"/apps/{app}/sni-endpoints", {"id", "name", "ssl_cert", "domains", "certificate_chain"}},
        {"/apps/{app}/log-drains", {"id", "url", "token", "addon", "app"}},
        {"/apps/{app}/features", {"id", "name", "enabled", "state"}},
        {"/apps/{app}/releases",
         {"id", "version", "status", "current", "user", "description", "output_stream_url"}},
        {"/apps/{app}/buildpack-installations", {"ordinal", "buildpack"}},
        {"/apps/{app}/webhooks", {"id", "url", "include", "level"}},
        {"/apps/{app}/addons", {"id", "name"}},
        {"/apps/{app}/pipeline-couplings", {"id", "stage", "pipeline", "app"}},
        {"/teams/apps/{team_app}", {"id", "name", "joined", "locked"}},
        {"/teams/apps/{team_app}/collaborators", {"id", "role", "permissions", "user"}},
        {"/addons",
         {"id", "name", "addon_service", "plan", "state", "billing_entity", "config_vars", "app"}},
        {"/addon-attachments", {"id", "name", "addon", "app", "log_input_url"}},
        {"/pipelines", {"id", "name", "owner"}},
        {"/pipeline-couplings", {"id", "stage", "pipeline", "app"}},
        {"/pipelines/{pipeline}/review-app-config",
         {"pipeline_id", "automatic_review_apps", "wait_for_ci", "destroy_stale_apps", "stale_days",
          "base_name", "deploy_target", "repo"}},
        {"/stacks", {"id", "name", "state", "default", "created_at", "updated_at"}},
        {"/spaces", {"id", "name", "shield", "region", "team", "state"}},
        {"/spaces/{space}/vpn-connections", {"id", "name", "tunnels"}},
        {"/spaces/{space}/inbound-ruleset", {"id", "space", "rules", "created_by", "created_at"}},
        {"/spaces/{fir_space}/inbound-ruleset", {"id", "space", "rules"}},
        {"/spaces/{space}/peerings",
         {"pcx_id", "type", "cidr_blocks", "status", "aws_vpc_id", "aws_region", "aws_account_id",
          "expires"}},
        {"/spaces/{space}/nat", {"state", "sources", "created_at", "updated_at"}},
        {"/spaces/{space}/members", {"id", "space", "user", "permissions", "created_at"}},
        {"/spaces/{fir_space}/members", {"id", "space", "user", "permissions"}},
        {"/spaces/{fir_space}/telemetry-drains",
         {"id", "owner", "signals", "exporter", "created_at", "updated_at"}},
        {"/apps/{fir_app}/telemetry-drains",
         {"id", "owner", "signals", "exporter", "created_at", "updated_at"}},
        {"/oauth/authorizations",
         {"id", "description", "scope", "access_token", "refresh_token", "grant", "created_at"}},
        {"/oauth/clients", {"id", "name", "secret", "redirect_uri"}},
    };
    for (const auto& e : endpoints) {
        const std::string path = substitute(e.path, fake.account());
        INFO(path);
        const Reply r = client.get(path);
        REQUIRE((r.status == 200 || r.status == 206));
        json body = json::parse(r.body);
        if (body.is_array()) {
            REQUIRE_FALSE(body.empty());
            CHECK_FALSE(r.header("Accept-Ranges").empty());
            body = body.front();
        }
        for (const auto& field : e.fields) {
            INFO(field);
            CHECK(body.contains(field));
        }
    }
    // The enterprise account lists a team the token's user is not in; SSH keys carry a marked body.
    const auto& account = fake.account();
    const json ea_teams =
        json::parse(client.get(substitute("/enterprise-accounts/{ea}/teams", account)).body);
    CHECK(ea_teams.size() == 3);  // teams 0 and 2 of the account, and one it is not in
    std::size_t outside = 0;
    for (const auto& t : ea_teams) {
        const bool joined = account.find_team(t["id"].get<std::string>()) != nullptr;
        CHECK(t["role"].is_null() == !joined);
        if (!joined) {
            CHECK(t["name"] == account.enterprise_accounts[0].teams_not_joined[0].name);
            ++outside;
        }
    }
    CHECK(outside == 1);
    for (const auto& key : json::parse(client.get("/account/keys").body))
        CHECK(key["public_key"].get<std::string>().find("IRU-SECRET-MARKER-ssh-key-") !=
              std::string::npos);
    // SNI certificate details are there for the app whose domain uses an endpoint.
    const json sni =
        json::parse(client.get(substitute("/apps/{app}/sni-endpoints", fake.account())).body)
            .front();
    for (const std::string field : {"subject", "issuer", "expires_at", "starts_at", "cert_domains"})
        CHECK(sni["ssl_cert"].contains(field));
    // A pipeline without review apps answers 404, as Heroku does.
    REQUIRE(account.pipelines.size() > 1);
    CHECK_FALSE(account.pipelines[1].review_apps);
    const Reply none = client.get("/pipelines/" + account.pipelines[1].id + "/review-app-config");
    CHECK(none.status == 404);
    CHECK(json::parse(none.body)["id"] == "not_found");
}
