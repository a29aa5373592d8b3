#include <catch2/catch.hpp>

#include <set>

#include "host_config.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "support/temp_dir.hpp"

using namespace iru::host;
using nlohmann::json;

namespace {

json base_config() {
    return json::parse(R"({
      "plugin_dir": "plugins", "state_dir": "var/state", "output_dir": "/abs/evidence",
      "sources": [{"id": "heroku-main", "plugin": "heroku", "enabled": true, "schedule": {"every": "24h"},
                   "credentials": {"token": {"env": "HEROKU_API_KEY"}},
                   "options": {"api_url": "https://api.heroku.com"}}]})");
}

std::string error_of(const json& doc) {
    try {
        parse_host_config(doc, "/etc/iru/host.json");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("config: the issue's example parses, relative paths resolve against the file's folder") {
    const HostConfig c = parse_host_config(base_config(), "/etc/iru/host.json");
    CHECK(c.plugin_dir == "/etc/iru/plugins");
    CHECK(c.state_dir == "/etc/iru/var/state");
    CHECK(c.output_dir == "/abs/evidence");
    REQUIRE(c.sources.size() == 1);
    CHECK(c.sources[0].id == "heroku-main");
    CHECK(c.sources[0].every == std::chrono::hours(24));
    REQUIRE(c.sources[0].credentials.count("token") == 1);
    CHECK(c.sources[0].credentials.at("token").kind == CredentialSpec::Kind::env);
    CHECK(c.sources[0].credentials.at("token").env_var == "HEROKU_API_KEY");
    CHECK(c.sources[0].options["api_url"] == "https://api.heroku.com");
}

TEST_CASE("config: credential kinds parse, file and command paths resolve against the folder") {
    json doc = base_config();
    doc["sources"][0]["credentials"] = {
        {"a", {{"file", "secrets/token"}}},
        {"b", {{"netrc", "api.heroku.com"}}},
        {"c", {{"command", {"./vault-helper", "read"}}, {"timeout", "3s"}}},
        {"d", {{"command", {"pass", "show"}}, {"search_path", true}}}};
    const HostConfig c = parse_host_config(doc, "/etc/iru/host.json");
    const auto& creds = c.sources[0].credentials;
    CHECK(creds.at("a").file == "/etc/iru/secrets/token");
    CHECK(creds.at("b").machine == "api.heroku.com");
    CHECK(creds.at("c").command == std::vector<std::string>{"/etc/iru/vault-helper", "read"});
    CHECK(creds.at("c").command_timeout == std::chrono::seconds(3));
    CHECK(creds.at("d").command[0] == "pass");  // a bare name is looked up on PATH
}

TEST_CASE("config: errors name the file, the JSON path and what was expected") {
    json doc = base_config();
    doc["sources"][0]["schedule"]["every"] = "daily";
    CHECK(error_of(doc) ==
          "/etc/iru/host.json: /sources/0/schedule/every: expected a duration like \"24h\", "
          "\"30m\" or \"45s\", got \"daily\"");

    doc = base_config();
    doc["sources"][0]["enabeld"] = true;
    CHECK_THAT(error_of(doc),
               Catch::Contains("/etc/iru/host.json: /sources/0/enabeld: unknown key \"enabeld\""));

    doc = base_config();
    doc["outptu_dir"] = "x";
    CHECK_THAT(error_of(doc), Catch::Contains("/outptu_dir: unknown key"));

    doc = base_config();
    doc["sources"][0]["enabled"] = "yes";
    CHECK(error_of(doc) ==
          "/etc/iru/host.json: /sources/0/enabled: expected true or false, got a string");

    doc = base_config();
    doc.erase("state_dir");
    CHECK(error_of(doc) == "/etc/iru/host.json: /state_dir: missing (expected a string)");

    doc = base_config();
    doc["sources"][0]["credentials"]["token"] = {{"env", "A"}, {"file", "b"}};
    CHECK_THAT(error_of(doc),
               Catch::Contains("/sources/0/credentials/token: expected exactly one of"));

    doc = base_config();
    doc["sources"][0]["credentials"]["token"] = {{"command", json::array()}};
    CHECK_THAT(error_of(doc),
               Catch::Contains("/sources/0/credentials/token/command: expected a non-empty array"));

    doc = base_config();
    doc["sources"].push_back(doc["sources"][0]);
    CHECK_THAT(error_of(doc),
               Catch::Contains("/sources/1/id: duplicate source id \"heroku-main\""));

    doc = base_config();
    doc["sources"][0]["id"] = "../escape";
    CHECK_THAT(error_of(doc), Catch::Contains("/sources/0/id: expected letters, digits"));

    doc = base_config();
    doc["sources"][0]["options"] = json::array();
    CHECK_THAT(error_of(doc),
               Catch::Contains("/sources/0/options: expected an object, got an array"));
}

TEST_CASE("config: a file that is not JSON or missing is named in the error") {
    iru::test::TempDir dir;
    const auto file = dir.path() / "host.json";
    iru::test::write_text(file, "{\"plugin_dir\": ");
    try {
        load_host_config(file);
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Catch::StartsWith(file.string() + ": not valid JSON"));
    }
    try {
        load_host_config(dir.path() / "absent.json");
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK_THAT(e.what(), Catch::Contains("absent.json: cannot be read"));
    }
}

TEST_CASE("config: durations") {
    CHECK(parse_duration("24h") == std::chrono::hours(24));
    CHECK(parse_duration("30m") == std::chrono::minutes(30));
    CHECK(parse_duration("45s") == std::chrono::seconds(45));
    CHECK(parse_duration("1h30m") == std::chrono::seconds(5400));
    CHECK(parse_duration("2d") == std::chrono::hours(48));
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("0s"));
    CHECK_FALSE(parse_duration("10"));
    CHECK_FALSE(parse_duration("h"));
    CHECK_FALSE(parse_duration("5x"));
    CHECK_FALSE(parse_duration("-5s"));
}

TEST_CASE("config: every example configuration in manifests/examples is valid") {
    std::size_t checked = 0;
    for (const auto& item :
         std::filesystem::directory_iterator(IRU_SOURCE_DIR "/manifests/examples")) {
        INFO(item.path());
        CHECK_NOTHROW(load_host_config(item.path()));
        ++checked;
    }
    CHECK(checked >= 3);
}

TEST_CASE("config: the host-config schema lists exactly the keys the parser accepts") {
    const json schema = json::parse(
        iru::test::read_text(IRU_SOURCE_DIR "/manifests/schemas/host-config.schema.json"));
    std::set<std::string> top;
    for (const auto& item : schema["properties"].items()) top.insert(item.key());
    CHECK(top ==
          std::set<std::string>{"plugin_dir", "state_dir", "output_dir", "scheduler", "sources"});
    std::set<std::string> scheduler;
    for (const auto& item : schema["properties"]["scheduler"]["properties"].items())
        scheduler.insert(item.key());
    CHECK(scheduler == std::set<std::string>{"child_memory_limit_mb"});
    std::set<std::string> source;
    for (const auto& item : schema["$defs"]["source"]["properties"].items())
        source.insert(item.key());
    CHECK(source ==
          std::set<std::string>{"id", "plugin", "enabled", "schedule", "credentials", "options"});
    const json envelope =
        json::parse(iru::test::read_text(IRU_SOURCE_DIR "/manifests/schemas/envelope.schema.json"));
    CHECK(envelope["required"].size() == 7);
}
