#include "collect/record_schema.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "collect/catalogue.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

json type_names(unsigned types) {
    json names = json::array();
    if ((types & json_type::string) != 0) names.push_back("string");
    if ((types & json_type::number) != 0)
        names.push_back("number");
    else if ((types & json_type::integer) != 0)
        names.push_back("integer");
    if ((types & json_type::boolean) != 0) names.push_back("boolean");
    if ((types & json_type::object) != 0) names.push_back("object");
    if ((types & json_type::array) != 0) names.push_back("array");
    if ((types & json_type::null) != 0) names.push_back("null");
    if (names.size() == 1) return names[0];
    return names;
}

json object_schema(std::span<const Field> fields);

json value_schema(unsigned types, const Field& field) {
    json s = {{"type", type_names(types)}};
    if (field.date_time && (types & json_type::string) != 0) s["format"] = "date-time";
    if (field.scrub == Scrubber::url && (types & json_type::string) != 0) {
        s["description"] = "scheme, host and port only";
        s["pattern"] = R"(^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s]+|\[REDACTED\])$)";
    }
    if (field.scrub == Scrubber::command)
        s["description"] = "assignment values, URL credentials and token-like words replaced";
    if ((types & json_type::object) != 0) {
        const json o = object_schema(field.fields);
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != "type") s[it.key()] = it.value();
    }
    if ((types & json_type::array) != 0) s["items"] = value_schema(field.items, field);
    return s;
}

json object_schema(std::span<const Field> fields) {
    json properties = json::object();
    json required = json::array();
    for (const Field& f : fields) {
        if (f.types == 0) continue;  // never kept
        properties[std::string(f.name)] = value_schema(f.types, f);
        if (f.required) required.push_back(f.name);
    }
    json s = {
        {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
    if (!required.empty()) s["required"] = std::move(required);
    return s;
}

}  // namespace

namespace {

std::string key_of_row(const Row& row) {
    std::string key;
    switch (row.key_prefix) {
        case KeyPrefix::app:
            key = "<app id>";
            break;
        case KeyPrefix::team:
            key = "<team id>";
            break;
        case KeyPrefix::enterprise_account:
            key = "<enterprise account id>";
            break;
        case KeyPrefix::space:
            key = "<space id>";
            break;
        case KeyPrefix::pipeline:
            key = "<pipeline id>";
            break;
        case KeyPrefix::none:
            break;
    }
    if (!row.key_field.empty()) {
        if (!key.empty()) key += "/";
        key.append("<").append(row.key_field).append(">");
    }
    return key;
}

}  // namespace

// The keys of a type's rows, each once ("<space id>/<id> or <app id>/<id>").
std::string key_description(std::string_view type) {
    if (row_of(type) == nullptr)
        throw std::invalid_argument("no catalogue row for " + std::string(type));
    std::vector<std::string> keys;
    for (const Row& row : catalogue()) {
        if (row.type != type) continue;
        std::string key = key_of_row(row);
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
    std::string text;
    for (const auto& key : keys) text += (text.empty() ? "" : " or ") + key;
    return text;
}

json record_schema(std::string_view type) {
    const Row* row = row_of(type);
    if (row == nullptr) throw std::invalid_argument("no catalogue row for " + std::string(type));
    json s = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"$id", "https://iru.example/schemas/records/" + std::string(type) + ".schema.json"},
              {"title", type}};
    std::string description(row->description);
    s["description"] = description + " Record key: " + key_description(type) + ".";
    const json body = object_schema(row->fields);
    for (auto it = body.begin(); it != body.end(); ++it) s[it.key()] = it.value();
    return s;
}

json manifest_record_types() {
    json types = json::array();
    for (auto type : catalogue_record_types()) types.push_back(type);
    types.push_back(record_type::collection_summary);
    return types;
}

std::string readme_record_list() {
    std::string list;
    for (auto type : catalogue_record_types()) {
        list.append("`").append(type).append("`");
        if (type == record_type::config_vars) list += " (names only)";
        list += ", ";
    }
    list.append("and `").append(record_type::collection_summary);
    return list.append("`, always the last record of a run");
}

}  // namespace iru::heroku
