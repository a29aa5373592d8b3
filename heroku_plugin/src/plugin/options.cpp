#include "plugin/options.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "collect/audit_cursor.hpp"
#include "plugin/descriptor.hpp"

namespace iru::heroku {
namespace {

using nlohmann::json;

const char* kind_name(OptionKind kind) {
    switch (kind) {
        case OptionKind::string:
            return "a string";
        case OptionKind::integer:
            return "an integer";
        case OptionKind::number:
            return "a number";
        case OptionKind::string_array:
            return "an array of strings";
    }
    return "a value";
}

// Whole numbers as JSON integers (10, not 10.0).
json number_json(double v) {
    return (std::floor(v) == v) ? json(static_cast<long long>(v)) : json(v);
}

std::string range_text(const OptionSpec& spec) {
    return " from " + number_json(spec.minimum).dump() + " to " + number_json(spec.maximum).dump();
}

// Checks one value against its spec; returns it unchanged. Throws OptionsError naming the option.
const json& check_value(const OptionSpec& spec, const json& value) {
    const std::string name(spec.name);
    auto fail = [&](const std::string& what) -> void {
        throw OptionsError("option '" + name + "' must be " + what + ", got " +
                           std::string(value.type_name()));
    };
    switch (spec.kind) {
        case OptionKind::string:
            if (!value.is_string()) fail(kind_name(spec.kind));
            break;
        case OptionKind::string_array:
            if (!value.is_array()) fail(kind_name(spec.kind));
            for (const auto& item : value)
                if (!item.is_string() || item.get_ref<const std::string&>().empty())
                    throw OptionsError("option '" + name +
                                       "' must be an array of non-empty strings");
            break;
        case OptionKind::integer:
        case OptionKind::number: {
            const bool integral =
                value.is_number_integer() || value.is_number_unsigned() ||
                (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
            if (!value.is_number() || (spec.kind == OptionKind::integer && !integral))
                fail(std::string(kind_name(spec.kind)) + range_text(spec));
            const double v = value.get<double>();
            if (!(v >= spec.minimum && v <= spec.maximum))
                throw OptionsError("option '" + name + "' must be" + range_text(spec) + ", got " +
                                   value.dump());
            break;
        }
    }
    return value;
}

std::chrono::milliseconds seconds_option(const json& value) {
    return std::chrono::milliseconds(
        static_cast<long long>(std::llround(value.get<double>() * 1000.0)));
}

// include/exclude: every name must be a record type the plugin emits.
std::set<std::string> record_type_set(const char* option, const json& value) {
    std::set<std::string> out;
    const auto& known = record_types();
    for (const auto& item : value) {
        const auto& name = item.get_ref<const std::string&>();
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw OptionsError(std::string("option '") + option +
                               "' names an unknown record type '" + name + "'");
        out.insert(name);
    }
    return out;
}

std::vector<std::string> string_list(const json& value) {
    std::vector<std::string> out;
    for (const auto& item : value) out.push_back(item.get<std::string>());
    return out;
}

}  // namespace

const std::vector<OptionSpec>& option_specs() {
    static const std::vector<OptionSpec> specs = {
        {"api_url", OptionKind::string, 0, 0, R"("https://api.heroku.com")",
         "Base URL of the Heroku Platform API. https only; http is accepted for loopback "
         "addresses."},
        {"ca_file", OptionKind::string, 0, 0, "",
         "PEM file of CA certificates to trust instead of the system bundle (a private CA)."},
        {"proxy", OptionKind::string, 0, 0, "",
         "HTTPS proxy (http://host:port) reached with CONNECT; default from HTTPS_PROXY and "
         "NO_PROXY."},
        {"concurrency", OptionKind::integer, 1, 32, "8", "Concurrent requests (connections)."},
        {"connect_timeout", OptionKind::number, 0.05, 600, "10",
         "Seconds to establish a connection."},
        {"read_timeout", OptionKind::number, 0.05, 3600, "30", "Seconds to wait for a response."},
        {"max_retries", OptionKind::integer, 0, 10, "4",
         "Retries of a request after a 5xx answer, a reset connection or a timeout."},
        {"rate_limit_reserve", OptionKind::integer, 0, 4500, "1000",
         "API budget left to the account's own deploys and CLI: the collection never spends it, "
         "and "
         "at it waits for the budget to come back (0: no reserve)."},
        {"rate_limit_resume_margin", OptionKind::integer, 0, 4500, "100",
         "Tokens above rate_limit_reserve the budget must be back to before a collection held at "
         "the reserve sends again (hysteresis)."},
        {"rate_limit_poll_interval", OptionKind::number, 0.05, 600, "5",
         "Seconds between readings of GET /account/rate-limits (free) while the collection holds "
         "at the reserve."},
        {"max_rate_limit_wait", OptionKind::number, 0, 86400, "300",
         "Seconds of back-off one request may spend on 429 answers before it fails."},
        {"max_run_time", OptionKind::number, 1, 7 * 86400, "14400",
         "Seconds a collection may take; past it the run stops as partial and keeps what it "
         "collected."},
        {"max_response_bytes", OptionKind::integer, 65536, 1073741824, "16777216",
         "Bytes one answer's body may have; a larger answer is refused and named as a gap."},
        {"max_in_flight_bytes", OptionKind::integer, 1048576, 4294967296.0, "67108864",
         "Bytes the bodies of all answers held at once may have, across connections (at least "
         "max_response_bytes)."},
        {"include", OptionKind::string_array, 0, 0, "", "Record types to emit (default: all)."},
        {"exclude", OptionKind::string_array, 0, 0, "", "Record types not to collect."},
        {"teams", OptionKind::string_array, 0, 0, "",
         "Teams to collect: names, ids or globs (default: all)."},
        {"apps", OptionKind::string_array, 0, 0, "",
         "Apps to collect: names, ids or globs (default: all)."},
        {"releases_per_app", OptionKind::integer, 0, 1000, "10",
         "Newest releases recorded per app."},
        {"audit_lookback_days", OptionKind::integer, audit_lookback_min, audit_lookback_max, "7",
         "Days of each enterprise account's audit trail the first run reads, today included; "
         "later runs read from the last day read completely through today."},
        {"daily_budget_share", OptionKind::number, 0.001, 1, "0.1",
         "Share of the account's daily rate-limit refill (108,000 requests) a run may spend, in "
         "proportion to the time since the last run (1 to 24 hours), when the host carries "
         "records forward: apps beyond it are carried forward from the last snapshot."},
        {"max_requests_per_run", OptionKind::integer, 1, 1e9, "",
         "A run's request budget, replacing daily_budget_share (default: none)."},
        {"max_evidence_age_days", OptionKind::integer, 1, 90, "7",
         "Days after which an app's carried-forward evidence is re-read first; a snapshot is "
         "complete when every app was read within them."},
    };
    return specs;
}

PluginOptions parse_options(std::string_view options_json) {
    json root;
    if (options_json.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        root = json::object();
    } else {
        try {
            root = json::parse(options_json);
        } catch (const json::parse_error& e) {
            throw OptionsError(std::string("options are not valid JSON: ") + e.what());
        }
    }
    if (!root.is_object())
        throw OptionsError(std::string("options must be a JSON object, got ") + root.type_name());

    const auto& specs = option_specs();
    for (auto option = root.begin(); option != root.end(); ++option) {
        const std::string& name = option.key();
        auto it = std::find_if(specs.begin(), specs.end(),
                               [&](const OptionSpec& s) { return s.name == name; });
        if (it == specs.end()) {
            std::string known;
            for (const auto& s : specs) {
                if (!known.empty()) known += ", ";
                known += s.name;
            }
            std::string message = "unknown option '" + name + "' (known options: ";
            message += known;
            message += ")";
            throw OptionsError(message);
        }
        check_value(*it, option.value());
    }

    PluginOptions out;
    auto has = [&](const char* name) { return root.contains(name); };
    ClientOptions& c = out.client;
    if (has("api_url")) c.api_url = root["api_url"].get<std::string>();
    if (has("ca_file")) c.ca_file = root["ca_file"].get<std::string>();
    if (has("proxy")) c.proxy = root["proxy"].get<std::string>();
    if (has("concurrency")) c.concurrency = root["concurrency"].get<int>();
    if (has("connect_timeout")) c.connect_timeout = seconds_option(root["connect_timeout"]);
    if (has("read_timeout")) c.read_timeout = seconds_option(root["read_timeout"]);
    if (has("max_retries")) c.max_retries = root["max_retries"].get<int>();
    if (has("rate_limit_reserve"))
        c.rate_limit_reserve = root["rate_limit_reserve"].get<std::int64_t>();
    if (has("rate_limit_resume_margin"))
        c.rate_limit_resume_margin = root["rate_limit_resume_margin"].get<std::int64_t>();
    if (has("rate_limit_poll_interval"))
        c.rate_limit_poll_interval = seconds_option(root["rate_limit_poll_interval"]);
    if (has("max_rate_limit_wait"))
        c.max_rate_limit_wait = seconds_option(root["max_rate_limit_wait"]);
    if (has("max_run_time")) c.max_run_time = seconds_option(root["max_run_time"]);
    if (has("max_response_bytes"))
        c.max_response_bytes = root["max_response_bytes"].get<std::size_t>();
    if (has("max_in_flight_bytes"))
        c.max_in_flight_bytes = root["max_in_flight_bytes"].get<std::size_t>();

    CollectOptions& k = out.collect;
    if (has("include")) k.include = record_type_set("include", root["include"]);
    if (has("exclude")) k.exclude = record_type_set("exclude", root["exclude"]);
    if (has("teams")) k.teams = string_list(root["teams"]);
    if (has("apps")) k.apps = string_list(root["apps"]);
    if (has("releases_per_app")) k.releases_per_app = root["releases_per_app"].get<int>();
    if (has("audit_lookback_days")) k.audit_lookback_days = root["audit_lookback_days"].get<int>();
    if (has("daily_budget_share")) k.daily_budget_share = root["daily_budget_share"].get<double>();
    if (has("max_requests_per_run"))
        k.max_requests_per_run = root["max_requests_per_run"].get<std::uint64_t>();
    if (has("max_evidence_age_days"))
        k.max_evidence_age = std::chrono::hours(24) * root["max_evidence_age_days"].get<int>();
    return out;
}

const std::string& options_json_schema() {
    static const std::string schema = [] {
        json properties = json::object();
        for (const auto& spec : option_specs()) {
            json p;
            switch (spec.kind) {
                case OptionKind::string:
                    p["type"] = "string";
                    break;
                case OptionKind::integer:
                    p["type"] = "integer";
                    break;
                case OptionKind::number:
                    p["type"] = "number";
                    break;
                case OptionKind::string_array:
                    p["type"] = "array";
                    p["items"] = {{"type", "string"}, {"minLength", 1}};
                    break;
            }
            if (spec.kind == OptionKind::integer || spec.kind == OptionKind::number) {
                p["minimum"] = number_json(spec.minimum);
                p["maximum"] = number_json(spec.maximum);
            }
            if (!spec.default_json.empty()) p["default"] = json::parse(spec.default_json);
            p["description"] = std::string(spec.description);
            properties[std::string(spec.name)] = std::move(p);
        }
        json s = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                  {"title", "Heroku source options"},
                  {"type", "object"},
                  {"additionalProperties", false},
                  {"properties", std::move(properties)}};
        return s.dump();
    }();
    return schema;
}

}  // namespace iru::heroku
