// A small JSON Schema (draft 2020-12) checker for the record schemas in manifests/schemas/records:
// type, enum, required, properties, additionalProperties, items, $ref to "#/$defs/...", allOf,
// anyOf, not, pattern, minimum, propertyNames. Other keywords (format, description, ...) are
// ignored.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::test {

// The reasons data does not satisfy schema (empty: it does). root resolves "$ref"s.
std::vector<std::string> schema_errors(const nlohmann::json& schema, const nlohmann::json& data);

}  // namespace iru::test
