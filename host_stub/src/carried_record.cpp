#include "carried_record.hpp"

#include <nlohmann/json.hpp>

#include "envelope.hpp"
#include "sha256.hpp"

namespace iru::host {
namespace {

using nlohmann::json;

std::string rule_problem(const json& envelope, const std::string& scope, const CarryRules& rules) {
    const std::string problem = validate_envelope(envelope);
    if (!problem.empty()) return "not a valid envelope: " + problem;
    if (envelope["source_id"] != rules.source_id) return "of another source";
    if (!envelope.contains("scope") || envelope["scope"] != scope) return "of another scope";
    const auto& type = envelope["type"].get_ref<const std::string&>();
    if (rules.plugin == nullptr || !rules.plugin->emits(type))
        return "of a record type the plugin no longer declares";
    if (type == rules.plugin->summary_record_type) return "a run summary record";
    if (envelope["digest"] != "sha256:" + sha256_hex(envelope["data"].dump()))
        return "its digest does not match its data";
    return "";
}

}  // namespace

CarriedLine check_carried_line(std::string_view line, const std::string& scope,
                               const CarryRules& rules) {
    CarriedLine result;
    const json envelope = json::parse(line.begin(), line.end(), nullptr, false);
    if (envelope.is_discarded()) {
        result.problem = "not JSON";
        return result;
    }
    result.problem = rule_problem(envelope, scope, rules);
    if (!result.problem.empty()) return result;
    result.type = envelope["type"].get<std::string>();
    result.observed_at = envelope["observed_at"].get<std::string>();
    return result;
}

}  // namespace iru::host
