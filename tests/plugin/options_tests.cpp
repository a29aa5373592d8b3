// The plugin's options: defaults, conversions, refusals, and the JSON Schema generated from the
// same table that validates them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "plugin/descriptor.hpp"
#include "plugin/options.hpp"

using iru::heroku::OptionsError;
using iru::heroku::parse_options;

TEST_CASE("empty options give the documented defaults") {
    for (const char* text : {"", "  ", "{}"}) {
        const auto o = parse_options(text);
        CHECK(o.client.api_url == "https://api.heroku.com");
        CHECK(o.client.concurrency == 8);
        CHECK(o.client.connect_timeout == std::chrono::seconds(10));
        CHECK(o.client.read_timeout == std::chrono::seconds(30));
        CHECK(o.client.max_retries == 4);
        CHECK(o.client.rate_limit_reserve == 1000);
        CHECK(o.client.rate_limit_resume_margin == 100);
        CHECK(o.client.rate_limit_poll_interval == std::chrono::seconds(5));
        CHECK(o.client.max_rate_limit_wait == std::chrono::seconds(300));
        CHECK(o.client.max_run_time == std::chrono::hours(4));
        CHECK(o.collect.releases_per_app == 10);
        CHECK(o.collect.include.empty());
        CHECK(o.collect.teams.empty());
    }
}

TEST_CASE("every default in the schema is the default the parser applies") {
    const auto schema = nlohmann::json::parse(iru::heroku::options_json_schema());
    const auto defaults = parse_options("{}");
    const auto& p = schema.at("properties");
    CHECK(p.at("concurrency").at("default") == defaults.client.concurrency);
    CHECK(p.at("max_retries").at("default") == defaults.client.max_retries);
    CHECK(p.at("rate_limit_reserve").at("default") == defaults.client.rate_limit_reserve);
    CHECK(p.at("rate_limit_resume_margin").at("default") ==
          defaults.client.rate_limit_resume_margin);
    CHECK(p.at("rate_limit_poll_interval").at("default").get<double>() * 1000 ==
          defaults.client.rate_limit_poll_interval.count());
    CHECK(p.at("releases_per_app").at("default") == defaults.collect.releases_per_app);
    CHECK(p.at("api_url").at("default") == defaults.client.api_url);
    CHECK(p.at("read_timeout").at("default").get<double>() * 1000 ==
          defaults.client.read_timeout.count());
    CHECK(schema.at("additionalProperties") == false);
    CHECK(p.size() == iru::heroku::option_specs().size());
}

TEST_CASE("values are converted: seconds to milliseconds, lists and filters") {
    const auto o = parse_options(R"({
        "api_url": "http://127.0.0.1:5000", "concurrency": 3, "connect_timeout": 0.25,
        "read_timeout": 2, "max_retries": 0, "rate_limit_reserve": 4500, "max_rate_limit_wait": 1.5,
        "max_run_time": 60, "include": ["heroku.app", "heroku.team"], "exclude": ["heroku.release"],
        "teams": ["core-*", "b0a4b5b4-0000-4000-8000-000000000000"], "apps": ["api"],
        "releases_per_app": 0, "ca_file": "/etc/ca.pem", "proxy": "http://proxy.internal:3128"})");
    CHECK(o.client.concurrency == 3);
    CHECK(o.client.connect_timeout == std::chrono::milliseconds(250));
    CHECK(o.client.read_timeout == std::chrono::milliseconds(2000));
    CHECK(o.client.max_retries == 0);
    CHECK(o.client.rate_limit_reserve == 4500);
    CHECK(o.client.max_rate_limit_wait == std::chrono::milliseconds(1500));
    CHECK(o.client.max_run_time == std::chrono::seconds(60));
    CHECK(o.client.ca_file == "/etc/ca.pem");
    CHECK(o.client.proxy == "http://proxy.internal:3128");
    CHECK(o.collect.include == std::set<std::string>{"heroku.app", "heroku.team"});
    CHECK(o.collect.exclude == std::set<std::string>{"heroku.release"});
    CHECK(o.collect.teams.size() == 2);
    CHECK(o.collect.apps == std::vector<std::string>{"api"});
    CHECK(o.collect.releases_per_app == 0);
}

TEST_CASE("bad options are refused with the option's name") {
    auto message = [](const char* text) {
        try {
            parse_options(text);
        } catch (const OptionsError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(message(R"({"retries": 3})"), Catch::Contains("unknown option 'retries'"));
    CHECK_THAT(message(R"({"max_retries": 2.5})"),
               Catch::Contains("'max_retries' must be an integer"));
    CHECK_THAT(message(R"({"max_retries": 11})"), Catch::Contains("from 0 to 10"));
    CHECK_THAT(message(R"({"read_timeout": "30s"})"),
               Catch::Contains("'read_timeout' must be a number"));
    CHECK_THAT(message(R"({"read_timeout": 0})"), Catch::Contains("'read_timeout' must be from"));
    CHECK_THAT(message(R"({"apps": ["ok", 3]})"),
               Catch::Contains("'apps' must be an array of non-empty strings"));
    CHECK_THAT(message(R"({"apps": [""]})"),
               Catch::Contains("'apps' must be an array of non-empty strings"));
    CHECK_THAT(message(R"({"exclude": ["heroku.secrets"]})"),
               Catch::Contains("unknown record type"));
    CHECK_THAT(message(R"({"api_url": null})"), Catch::Contains("'api_url' must be a string"));
    CHECK_THAT(message("nonsense"), Catch::Contains("not valid JSON"));
    CHECK_THAT(message("[]"), Catch::Contains("must be a JSON object"));
    CHECK_THAT(message(R"({"rate_limit_resume_margin": -1})"),
               Catch::Contains("'rate_limit_resume_margin' must be from 0 to 4500"));
    CHECK_THAT(message(R"({"rate_limit_resume_margin": 2.5})"),
               Catch::Contains("'rate_limit_resume_margin' must be an integer"));
    CHECK_THAT(message(R"({"rate_limit_poll_interval": 0})"),
               Catch::Contains("'rate_limit_poll_interval' must be from 0.05 to 600"));
    CHECK_THAT(message(R"({"rate_limit_poll_interval": "5s"})"),
               Catch::Contains("'rate_limit_poll_interval' must be a number"));
    CHECK(message(R"({"concurrency": 32})") == "accepted");
    CHECK(message(R"({"concurrency": 8.0})") == "accepted");
}

TEST_CASE("the reserve's margin and poll interval are converted") {
    const auto o =
        parse_options(R"({"rate_limit_resume_margin": 0, "rate_limit_poll_interval": 0.25})");
    CHECK(o.client.rate_limit_resume_margin == 0);
    CHECK(o.client.rate_limit_poll_interval == std::chrono::milliseconds(250));
}

TEST_CASE("the descriptor lists the summary last and the token credential") {
    const auto& types = iru::heroku::record_types();
    REQUIRE_FALSE(types.empty());
    CHECK(types.back() == "heroku.collection_summary");
    CHECK(iru::heroku::token_credential == "token");
}

TEST_CASE("the answer size bounds are options with documented defaults and ranges") {
    const auto defaults = parse_options("{}");
    CHECK(defaults.client.max_response_bytes == std::size_t{16} << 20);
    CHECK(defaults.client.max_in_flight_bytes == std::size_t{64} << 20);
    const auto o =
        parse_options(R"({"max_response_bytes": 1048576, "max_in_flight_bytes": 8388608})");
    CHECK(o.client.max_response_bytes == std::size_t{1} << 20);
    CHECK(o.client.max_in_flight_bytes == std::size_t{8} << 20);
    CHECK_THROWS_AS(parse_options(R"({"max_response_bytes": 100})"), OptionsError);
    CHECK_THROWS_AS(parse_options(R"({"max_in_flight_bytes": 1.5})"), OptionsError);
}

TEST_CASE("audit_lookback_days: 7 by default, 1 to 90, refused outside with its name") {
    CHECK(parse_options("{}").collect.audit_lookback_days == 7);
    CHECK(parse_options(R"({"audit_lookback_days": 1})").collect.audit_lookback_days == 1);
    CHECK(parse_options(R"({"audit_lookback_days": 90})").collect.audit_lookback_days == 90);
    auto message = [](const char* text) {
        try {
            parse_options(text);
        } catch (const OptionsError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    for (const char* bad : {R"({"audit_lookback_days": 0})", R"({"audit_lookback_days": 91})",
                            R"({"audit_lookback_days": -7})"}) {
        CAPTURE(bad);
        CHECK_THAT(message(bad), Catch::Contains("'audit_lookback_days' must be from 1 to 90"));
    }
    CHECK_THAT(message(R"({"audit_lookback_days": 2.5})"),
               Catch::Contains("'audit_lookback_days' must be an integer from 1 to 90"));
    CHECK_THAT(message(R"({"audit_lookback_days": "7"})"),
               Catch::Contains("'audit_lookback_days' must be an integer"));
    const auto schema = nlohmann::json::parse(iru::heroku::options_json_schema());
    const auto& p = schema.at("properties").at("audit_lookback_days");
    CHECK(p.at("default") == 7);
    CHECK(p.at("minimum") == 1);
    CHECK(p.at("maximum") == 90);
}
