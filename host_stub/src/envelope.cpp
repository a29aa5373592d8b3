#include "envelope.hpp"

#include <algorithm>
#include <chrono>
#include <regex>

#include <iru/source_plugin.h>

#include "sha256.hpp"
#include "text_codec.hpp"

namespace iru::host {
namespace {

using nlohmann::json;

bool valid_type_name(std::string_view type) {
    if (type.empty() || type.size() > 128) return false;
    for (char c : type)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'))
            return false;
    return true;
}

bool valid_identifier_text(const json& value) {
    return value.is_string() && !value.get<std::string>().empty() &&
           value.get<std::string>().size() <= 256;
}

}  // namespace

bool valid_scope(std::string_view scope) {
    if (scope.empty() || scope.size() > IRU_SCOPE_MAX_BYTES) return false;
    return std::all_of(scope.begin(), scope.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

EnvelopeResult make_envelope(const EnvelopeContext& context, std::string_view type,
                             std::string_view key, std::string_view data,
                             std::optional<std::string_view> scope) {
    EnvelopeResult result;
    if (scope && !valid_scope(*scope)) {
        result.rejection = "record scope is empty, longer than 128 bytes or not printable ASCII";
        return result;
    }
    if (!valid_type_name(type)) {
        result.rejection = "record type is not a lowercase dotted name";
        return result;
    }
    if (context.plugin != nullptr && !context.plugin->emits(std::string(type))) {
        result.rejection = "record type " + std::string(type) + " is not declared by the plugin";
        return result;
    }
    if (key.empty() || key.size() > 1024 || !is_valid_utf8(key)) {
        result.rejection = "record key is empty, longer than 1024 bytes or not UTF-8";
        return result;
    }
    if (data.size() > std::size_t{16} * 1024 * 1024) {
        result.rejection = "record data is larger than 16 MiB";
        return result;
    }
    json parsed;
    try {
        parsed = json::parse(data);
    } catch (const json::parse_error&) {
        result.rejection = "record data is not valid JSON";
        return result;
    }
    if (!parsed.is_object()) {
        result.rejection = "record data is not a JSON object";
        return result;
    }
    std::string canonical;
    try {
        canonical = parsed.dump();
    } catch (const json::exception&) {
        result.rejection = "record data is not valid UTF-8";
        return result;
    }
    json envelope = {
        {"source_id", context.source_id},
        {"run_id", context.run_id},
        {"observed_at", rfc3339_utc(std::chrono::system_clock::now())},
        {"type", std::string(type)},
        {"key", std::string(key)},
        {"digest", "sha256:" + sha256_hex(canonical)},
        {"data", std::move(parsed)},
    };
    if (scope) envelope["scope"] = std::string(*scope);
    result.rejection = validate_envelope(envelope);
    if (result.rejection.empty()) result.envelope = std::move(envelope);
    return result;
}

std::string validate_envelope(const json& envelope) {
    static const std::regex time_pattern(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
    static const std::regex digest_pattern(R"(^sha256:[0-9a-f]{64}$)");
    if (!envelope.is_object()) return "envelope is not an object";
    for (const char* field :
         {"source_id", "run_id", "observed_at", "type", "key", "digest", "data"})
        if (!envelope.contains(field)) return std::string("envelope lacks ") + field;
    const bool scoped = envelope.contains("scope");
    if (envelope.size() != (scoped ? 8U : 7U)) return "envelope has fields beyond the schema";
    if (scoped && !(envelope["scope"].is_string() &&
                    valid_scope(envelope["scope"].get_ref<const std::string&>())))
        return "scope must be 1 to 128 bytes of printable ASCII";
    if (!valid_identifier_text(envelope["source_id"]))
        return "source_id must be a non-empty string";
    if (!valid_identifier_text(envelope["run_id"])) return "run_id must be a non-empty string";
    if (!envelope["observed_at"].is_string() ||
        !std::regex_match(envelope["observed_at"].get<std::string>(), time_pattern))
        return "observed_at must be an RFC 3339 UTC time";
    if (!envelope["type"].is_string() || !valid_type_name(envelope["type"].get<std::string>()))
        return "type must be a lowercase dotted name";
    if (!envelope["key"].is_string() || envelope["key"].get<std::string>().empty())
        return "key must be a non-empty string";
    if (!envelope["digest"].is_string() ||
        !std::regex_match(envelope["digest"].get<std::string>(), digest_pattern))
        return "digest must be sha256:<64 hex>";
    if (!envelope["data"].is_object()) return "data must be an object";
    return "";
}

}  // namespace iru::host
