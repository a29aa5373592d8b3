#include "schema_check.hpp"

#include <regex>

namespace iru::test {

namespace {

using nlohmann::json;

bool has_type(const json& data, const std::string& type) {
    if (type == "object") return data.is_object();
    if (type == "array") return data.is_array();
    if (type == "string") return data.is_string();
    if (type == "integer") return data.is_number_integer();
    if (type == "number") return data.is_number();
    if (type == "boolean") return data.is_boolean();
    if (type == "null") return data.is_null();
    return false;
}

void check(const json& root, const json& schema, const json& data, const std::string& path,
           std::vector<std::string>& errors) {
    if (schema.is_boolean()) {
        if (!schema.get<bool>()) errors.push_back(path + ": not allowed");
        return;
    }
    if (schema.contains("$ref")) {
        const std::string ref = schema["$ref"];
        const std::string prefix = "#/$defs/";
        if (ref.rfind(prefix, 0) != 0) throw std::runtime_error("unsupported $ref " + ref);
        check(root, root.at("$defs").at(ref.substr(prefix.size())), data, path, errors);
    }
    if (schema.contains("type")) {
        const json& t = schema["type"];
        bool ok = false;
        if (t.is_string())
            ok = has_type(data, t);
        else
            for (const auto& one : t) ok = ok || has_type(data, one);
        if (!ok) {
            errors.push_back(path + ": type is not " + t.dump());
            return;
        }
    }
    if (schema.contains("enum")) {
        bool found = false;
        for (const auto& v : schema["enum"]) found = found || v == data;
        if (!found) errors.push_back(path + ": not one of " + schema["enum"].dump());
    }
    if (schema.contains("pattern") && data.is_string() &&
        !std::regex_search(data.get<std::string>(),
                           std::regex(schema["pattern"].get<std::string>())))
        errors.push_back(path + ": does not match " + schema["pattern"].get<std::string>());
    if (schema.contains("minimum") && data.is_number() &&
        data.get<double>() < schema["minimum"].get<double>())
        errors.push_back(path + ": below minimum");
    if (data.is_object()) {
        for (const auto& r : schema.value("required", json::array()))
            if (!data.contains(r.get<std::string>()))
                errors.push_back(path + ": missing required " + r.get<std::string>());
        if (schema.contains("propertyNames"))
            for (auto it = data.begin(); it != data.end(); ++it)
                check(root, schema["propertyNames"], json(it.key()), path + "/" + it.key(), errors);
        const json properties = schema.value("properties", json::object());
        for (auto it = data.begin(); it != data.end(); ++it) {
            if (properties.contains(it.key())) {
                check(root, properties[it.key()], it.value(), path + "/" + it.key(), errors);
            } else if (schema.contains("additionalProperties")) {
                check(root, schema["additionalProperties"], it.value(), path + "/" + it.key(),
                      errors);
            }
        }
    }
    if (data.is_array() && schema.contains("items"))
        for (std::size_t i = 0; i < data.size(); ++i)
            check(root, schema["items"], data[i], path + "/" + std::to_string(i), errors);
    for (const auto& sub : schema.value("allOf", json::array()))
        check(root, sub, data, path, errors);
    if (schema.contains("anyOf")) {
        bool any = false;
        for (const auto& sub : schema["anyOf"]) {
            std::vector<std::string> e;
            check(root, sub, data, path, e);
            any = any || e.empty();
        }
        if (!any) errors.push_back(path + ": matches none of anyOf");
    }
    if (schema.contains("not")) {
        std::vector<std::string> e;
        check(root, schema["not"], data, path, e);
        if (e.empty())
            errors.push_back(path + ": matches a forbidden schema " + schema["not"].dump());
    }
}

}  // namespace

std::vector<std::string> schema_errors(const json& schema, const json& data) {
    std::vector<std::string> errors;
    check(schema, schema, data, "", errors);
    return errors;
}

}  // namespace iru::test
