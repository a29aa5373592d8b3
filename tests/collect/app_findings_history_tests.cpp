// What the state store keeps of an app for the findings, and how a carried app is judged by it.
#include <catch2/catch.hpp>

#include "collect/app_findings_history.hpp"
#include "collect/summary_findings.hpp"
#include "collect/time_format.hpp"

using namespace iru::heroku;
using nlohmann::json;

TEST_CASE("app facts: what an app's records said survives the state store's text", "[summary]") {
    AppFindingFacts facts;
    facts.has_log_drain = false;
    facts.certificates.push_back({"shop", "tokyo-1", "2027-01-05T00:00:00Z"});
    const auto decoded = decode_app_facts(encode_app_facts(facts));
    REQUIRE(decoded);
    CHECK(decoded->has_log_drain == std::optional<bool>(false));
    REQUIRE(decoded->certificates.size() == 1);
    CHECK(decoded->certificates[0].app == "shop");
    CHECK(decoded->certificates[0].name == "tokyo-1");
    CHECK(decoded->certificates[0].expires_at == "2027-01-05T00:00:00Z");

    const auto unknown_drain = decode_app_facts(encode_app_facts({}));
    REQUIRE(unknown_drain);
    CHECK_FALSE(unknown_drain->has_log_drain);
    CHECK(app_facts_key("a1") == "app_facts/a1");
}

TEST_CASE("app facts: a value of another shape counts as not kept", "[summary]") {
    const json many_certificates = {
        {"log_drain", true},
        {"certificates", json::array({json{{"app", "a"}, {"name", "n"}, {"expires_at", "x"}}})}};
    json too_many = many_certificates;
    for (int i = 0; i < 100; ++i) too_many["certificates"].push_back(too_many["certificates"][0]);
    for (const std::string& value :
         {std::string("not json"), std::string("{}"), std::string("[]"),
          json{{"log_drain", 1}, {"certificates", json::array()}}.dump(),
          json{{"log_drain", true}, {"certificates", "none"}}.dump(),
          json{{"log_drain", true}, {"certificates", {json{{"app", "a"}, {"name", "n"}}}}}.dump(),
          json{{"log_drain", true},
               {"certificates", {json{{"app", "a"}, {"name", 7}, {"expires_at", "x"}}}}}
              .dump(),
          too_many.dump()}) {
        INFO(value.substr(0, 80));
        CHECK_FALSE(decode_app_facts(value));
    }
    CHECK(decode_app_facts(many_certificates.dump()));
}

TEST_CASE("app facts: an app's facts are taken from the run's by its id and name", "[summary]") {
    AccountFacts facts;
    facts.observe("heroku.app", {{"id", "a1"}, {"name", "shop"}});
    facts.observe("heroku.app", {{"id", "a2"}, {"name", "blog"}});
    facts.observe("heroku.log_drain", {{"id", "d1"}, {"app", {{"id", "a1"}, {"name", "shop"}}}});
    facts.observe("heroku.sni_endpoint", {{"name", "tokyo-1"},
                                          {"app", {{"id", "a2"}, {"name", "blog"}}},
                                          {"ssl_cert", {{"expires_at", "2027-01-05T00:00:00Z"}}}});
    // Drains not collected: whether an app has one is not known.
    CHECK_FALSE(facts_of_app(facts.snapshot(), "a1").has_log_drain);
    facts.set_drains_collected(true);
    const AccountFactsSnapshot snapshot = facts.snapshot();
    CHECK(facts_of_app(snapshot, "a1").has_log_drain == std::optional<bool>(true));
    CHECK(facts_of_app(snapshot, "a1").certificates.empty());
    const AppFindingFacts blog = facts_of_app(snapshot, "a2");
    CHECK(blog.has_log_drain == std::optional<bool>(false));
    REQUIRE(blog.certificates.size() == 1);
    CHECK(blog.certificates[0].name == "tokyo-1");
}

TEST_CASE("findings: a carried app is judged as of its last read, or not at all", "[summary]") {
    const auto now = std::chrono::system_clock::now();
    AccountFacts facts;
    facts.set_drains_collected(true);
    for (const auto& [id, name] :
         std::vector<std::pair<std::string, std::string>>{{"a1", "read-no-drain"},
                                                          {"a2", "carried-no-drain"},
                                                          {"a3", "carried-drain"},
                                                          {"a4", "carried-unknown"}})
        facts.observe("heroku.app", {{"id", id}, {"name", name}});
    AppFindingFacts without;
    without.has_log_drain = false;
    without.certificates.push_back(
        {"carried-no-drain", "old-cert", format_rfc3339(now + std::chrono::hours(24 * 3))});
    AppFindingFacts with;
    with.has_log_drain = true;
    facts.note_carried("a2", without);
    facts.note_carried("a3", with);
    facts.note_carried("a4", std::nullopt);
    const json f = account_findings(facts.snapshot(), {}, now);
    INFO(f.dump(2));
    bool drains = false, certificates = false;
    for (const json& finding : f) {
        const std::string message = finding.at("message");
        if (message.find("without a log drain") != std::string::npos) {
            drains = true;
            // a1 read without one, a2 carried without one; a3 has one; a4 is not known.
            CHECK(finding.at("count") == 2);
            CHECK(message.rfind("2 of 4 app(s)", 0) == 0);
        }
        if (message.find("certificate(s) expired or expiring") != std::string::npos) {
            certificates = true;
            CHECK(finding.at("count") == 1);
            CHECK(message.find("old-cert of app carried-no-drain") != std::string::npos);
        }
    }
    CHECK(drains);
    CHECK(certificates);
}
