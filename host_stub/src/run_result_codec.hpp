// A run's result as the child process of a supervised run hands it to the scheduler: one JSON
// document on the result descriptor. Pure: no I/O.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "source_runner.hpp"

namespace iru::host {

inline constexpr const char* run_result_format = "iru-host-child-result/1";

nlohmann::json run_result_to_json(const SourceRunResult& result);

// The result a document describes; nullopt when it is not one (wrong format, a field missing or of
// the wrong type): the child is not trusted to be intact, as a crashing plugin may corrupt it.
std::optional<SourceRunResult> run_result_from_json(const nlohmann::json& document);

}  // namespace iru::host
