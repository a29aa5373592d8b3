// Redaction of documented secrets and the last-line-of-defence leak scan.
#include <catch2/catch.hpp>

#include "collect/record_mapping.hpp"
#include "collect/redaction.hpp"

using namespace iru::heroku;
using nlohmann::json;

namespace {
bool contains_marker(const json& data) {
    return data.dump().find("IRU-SECRET-MARKER") != std::string::npos;
}
}  // namespace

TEST_CASE("URLs lose user-info, query and fragment", "[redaction]") {
    CHECK(strip_url_secrets("syslog+tls://user:IRU-SECRET-MARKER-1@logs.example.com:6514") ==
          "syslog+tls://logs.example.com:6514");
    CHECK(strip_url_secrets("https://logs.example.com/in?token=IRU-SECRET-MARKER-2#x") ==
          "https://logs.example.com/in");
    CHECK(strip_url_secrets("https://a:b@h/p/with@sign?q") == "https://h/p/with@sign");
    CHECK(strip_url_secrets("https://example.com/drain") == "https://example.com/drain");
    CHECK(strip_url_secrets("not a url?q=1") == "not a url");
    CHECK(strip_url_secrets("") == "");
}

TEST_CASE("every documented secret field is removed, wherever it is", "[redaction]") {
    json data = {
        {"attach_url", "rendezvous://IRU-SECRET-MARKER-attach"},
        {"output_stream_url", "https://x/IRU-SECRET-MARKER-stream"},
        {"log_input_url", "https://t:IRU-SECRET-MARKER-log@1.logplex.io/logs"},
        {"access_token", {{"token", "IRU-SECRET-MARKER-access"}}},
        {"refresh_token", {{"token", "IRU-SECRET-MARKER-refresh"}}},
        {"grant", {{"code", "IRU-SECRET-MARKER-grant"}}},
        {"client", {{"id", "c"}, {"secret", "IRU-SECRET-MARKER-client"}}},
        {"vpn_connections", {{{"id", "v"}, {"pre_shared_key", "IRU-SECRET-MARKER-psk"}}}},
        {"url", "https://u:IRU-SECRET-MARKER-drain@logs.example.com/p?k=IRU-SECRET-MARKER-q"},
        {"web_url", "https://example.herokuapp.com/"},
        {"name", "kept"},
    };
    redact_secrets(data);
    CHECK_FALSE(contains_marker(data));
    CHECK(data["url"] == "https://logs.example.com/p");
    CHECK(data["web_url"] == "https://example.herokuapp.com/");
    CHECK(data["name"] == "kept");
    CHECK(data["client"] == json({{"id", "c"}}));
    CHECK(data["vpn_connections"] == json::array({{{"id", "v"}}}));
}

TEST_CASE("dyno, release, attachment and log drain records carry no secret", "[redaction]") {
    const AppContext ctx{{"a1", "app"}, Ref{"t1", "team"}};
    Record dyno = map_dyno({{"id", "d1"}, {"attach_url", "rendezvous://IRU-SECRET-MARKER-d"}}, ctx);
    Record release =
        map_release({{"id", "r1"}, {"output_stream_url", "https://IRU-SECRET-MARKER-r"}}, ctx);
    Record attachment = map_addon_attachment(
        {{"id", "x1"}, {"log_input_url", "https://t:IRU-SECRET-MARKER-l@h/logs"}}, ctx);
    Record drain = map_log_drain(
        {{"id", "l1"}, {"url", "syslog://u:IRU-SECRET-MARKER-u@h:1?t=IRU-SECRET-MARKER-q"}}, ctx);
    for (Record* r : {&dyno, &release, &attachment, &drain}) {
        redact_secrets(r->data);
        INFO(r->type);
        CHECK_FALSE(contains_marker(r->data));
        CHECK(r->data["app"] == json({{"id", "a1"}, {"name", "app"}}));
    }
    CHECK(drain.data["url"] == "syslog://h:1");
}

TEST_CASE("the leak scan replaces the token and HRKU- strings and names the field", "[redaction]") {
    const std::string token = "tok-IRU-SECRET-MARKER-inuse-0123456789";
    const LeakScanner scanner(token);
    json data = {{"description", "copy of " + token},
                 {"nested", {{"list", {"ok", "HRKU-IRU-SECRET-MARKER-other"}}}},
                 {"a/b", "HRKU-x"},
                 {token, "value under a leaking key"},
                 {"fine", "HRKU"},
                 {"number", 5}};
    const auto paths = scanner.scrub(data);
    CHECK_FALSE(contains_marker(data));
    CHECK(data["description"] == "[REDACTED]");
    CHECK(data["nested"]["list"] == json({"ok", "[REDACTED]"}));
    CHECK(data["a/b"] == "[REDACTED]");
    CHECK(data["[REDACTED]"] == "value under a leaking key");
    CHECK(data["fine"] == "HRKU");
    CHECK(paths.size() == 4);
    CHECK(std::find(paths.begin(), paths.end(), "/nested/list/1") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "/a~1b") != paths.end());
    for (const auto& p : paths) CHECK(p.find("IRU-SECRET-MARKER") == std::string::npos);

    CHECK(scanner.leaks("HRKU-abc"));
    CHECK(scanner.leaks("x" + token + "y"));
    CHECK_FALSE(scanner.leaks("harmless"));
    // A token too short to scan for safely is ignored (HRKU- is still caught).
    const LeakScanner short_scanner("abc");
    CHECK_FALSE(short_scanner.leaks("abcdef"));
    CHECK(short_scanner.leaks("HRKU-1"));
}
