#include "run_result_codec.hpp"

namespace iru::host {

using nlohmann::json;

json run_result_to_json(const SourceRunResult& result) {
    return {
        {"format", run_result_format},
        {"source_id", result.source_id},
        {"run_id", result.run_id},
        {"status", std::string(to_string(result.status))},
        {"exit_code", result.exit_code},
        {"message", result.message},
        {"counts", result.counts},
        {"records", result.records},
        {"invalid", result.invalid},
        {"collection_summary",
         result.collection_summary ? *result.collection_summary : json(nullptr)},
        {"run_dir", result.run_dir.string()},
        {"duration_ms", result.duration_ms},
    };
}

std::optional<SourceRunResult> run_result_from_json(const json& document) {
    if (!document.is_object() || document.value("format", "") != run_result_format)
        return std::nullopt;
    auto is_string = [&](const char* key) {
        return document.contains(key) && document[key].is_string();
    };
    auto is_count = [&](const char* key) {
        return document.contains(key) && document[key].is_number_unsigned();
    };
    for (const char* key : {"source_id", "run_id", "status", "message", "run_dir"})
        if (!is_string(key)) return std::nullopt;
    for (const char* key : {"records", "invalid", "duration_ms"})
        if (!is_count(key)) return std::nullopt;
    if (!document.contains("exit_code") || !document["exit_code"].is_number_integer())
        return std::nullopt;
    if (!document.contains("counts") || !document["counts"].is_object()) return std::nullopt;
    if (!document.contains("collection_summary")) return std::nullopt;
    const auto status = run_status_from_name(document["status"].get<std::string>());
    if (!status) return std::nullopt;
    SourceRunResult result;
    result.source_id = document["source_id"].get<std::string>();
    result.run_id = document["run_id"].get<std::string>();
    result.status = *status;
    result.exit_code = exit_code_for(*status);  // derived, never taken from the child
    result.message = document["message"].get<std::string>();
    for (const auto& item : document["counts"].items()) {
        if (!item.value().is_number_unsigned()) return std::nullopt;
        result.counts[item.key()] = item.value().get<std::uint64_t>();
    }
    result.records = document["records"].get<std::uint64_t>();
    result.invalid = document["invalid"].get<std::uint64_t>();
    if (!document["collection_summary"].is_null())
        result.collection_summary = document["collection_summary"];
    result.run_dir = document["run_dir"].get<std::string>();
    result.duration_ms = document["duration_ms"].get<std::uint64_t>();
    return result;
}

}  // namespace iru::host
