// The generated account: deterministic, complete in the shapes the collector must meet.
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "app_details.hpp"
#include "fake_heroku/account.hpp"

using namespace iru::fake;

TEST_CASE("the same seed gives the same account, another seed another one", "[account]") {
    AccountSpec spec;
    spec.apps = 300;
    spec.teams = 6;
    const Account a = generate_account(spec);
    const Account b = generate_account(spec);
    REQUIRE(a.apps.size() == 300);
    for (std::size_t i = 0; i < a.apps.size(); ++i) {
        CHECK(a.apps[i].id == b.apps[i].id);
        CHECK(a.apps[i].name == b.apps[i].name);
        CHECK(a.apps[i].collaborators.size() == b.apps[i].collaborators.size());
    }
    CHECK(generate_app_details(a, a.apps[7]).releases ==
          generate_app_details(b, b.apps[7]).releases);
    CHECK(generate_app_details(a, a.apps[7]).config_vars ==
          generate_app_details(b, b.apps[7]).config_vars);

    spec.seed = 2;
    const Account c = generate_account(spec);
    CHECK(c.apps[0].id != a.apps[0].id);
}

TEST_CASE("app names and ids are unique and ids are UUIDs", "[account]") {
    AccountSpec spec;
    spec.apps = 5000;
    spec.teams = 50;
    const Account a = generate_account(spec);
    std::set<std::string> names, ids;
    for (const auto& app : a.apps) {
        names.insert(app.name);
        ids.insert(app.id);
        REQUIRE(app.id.size() == 36);
        REQUIRE(app.name.size() <= 30);
    }
    CHECK(names.size() == 5000);
    CHECK(ids.size() == 5000);
}

TEST_CASE("the account has every access path and kind of member", "[account]") {
    AccountSpec spec;
    spec.apps = 60;
    spec.teams = 3;
    spec.members_per_team = 10;
    const Account a = generate_account(spec);
    REQUIRE(a.teams.size() == 3);
    CHECK(a.teams[0].role == "admin");
    CHECK(a.teams[1].role == "member");
    CHECK(a.teams[2].role == "collaborator");

    const auto personal =
        std::count_if(a.apps.begin(), a.apps.end(), [](const App& x) { return x.team < 0; });
    CHECK(personal == 12);
    // Some team apps are not in /apps: only the union with /teams/{t}/apps sees everything.
    CHECK(std::any_of(a.apps.begin(), a.apps.end(),
                      [](const App& x) { return x.team >= 0 && !x.in_apps_list; }));
    CHECK(std::any_of(a.apps.begin(), a.apps.end(),
                      [](const App& x) { return x.team >= 0 && x.in_apps_list; }));

    std::set<std::string> roles;
    bool without_2fa = false, federated = false;
    for (const auto& t : a.teams) {
        CHECK_FALSE(t.invitations.empty());
        for (const auto& m : t.members) {
            roles.insert(m.role);
            without_2fa |= !a.users[m.user].two_factor_authentication;
            federated |= a.users[m.user].federated;
        }
    }
    CHECK(roles == std::set<std::string>{"admin", "collaborator", "member", "viewer"});
    CHECK(without_2fa);
    CHECK(federated);
    CHECK_FALSE(a.enterprise_accounts.empty());
    CHECK_FALSE(a.enterprise_accounts[0].members.empty());
    CHECK_FALSE(a.pipelines.empty());
    CHECK_FALSE(a.couplings.empty());
    CHECK(std::any_of(a.spaces.begin(), a.spaces.end(), [](const Space& s) { return s.shield; }));
    CHECK_FALSE(a.addons.empty());
    REQUIRE(a.authorizations.size() >= 2);
    CHECK(a.authorizations[0].access_token == spec.token);
}

TEST_CASE("a bad spec is refused with a clear error", "[account]") {
    AccountSpec spec;
    spec.apps = -1;
    CHECK_THROWS_WITH(generate_account(spec), Catch::Contains("apps"));
    spec.apps = 1;
    spec.token.clear();
    CHECK_THROWS_WITH(generate_account(spec), Catch::Contains("token"));
}
