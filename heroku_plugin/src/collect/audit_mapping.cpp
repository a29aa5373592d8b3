#include "collect/audit_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

namespace iru::heroku {

namespace {

using nlohmann::json;

constexpr DataMember formation_data[] = {
    {"type", "type"}, {"quantity", "quantity"}, {"size", "size"}};
constexpr DataMember domain_data[] = {{"hostname", "hostname"}};
constexpr DataMember collaborator_data[] = {
    {"email", "email"}, {"permissions", "permissions", DataTake::permission_names}};
constexpr DataMember config_var_data[] = {
    {"config_vars", "config_var_names", DataTake::member_names}};

// Heroku names a config change "config_var" or "config_change" depending on its source.
constexpr EventDataRule rules[] = {
    {"formation", formation_data},       {"domain", domain_data},
    {"collaborator", collaborator_data}, {"config_var", config_var_data},
    {"config_change", config_var_data},
};

std::vector<std::string> sorted_unique(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::string string_member(const json& item, std::string_view name) {
    if (!item.is_object()) return {};
    const auto it = item.find(name);
    return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Names only: an object's member names, or its items' "name" (else "key"), or string items.
json member_names(const json& value) {
    std::vector<std::string> names;
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) names.push_back(it.key());
    } else if (value.is_array()) {
        for (const auto& item : value) {
            std::string name =
                item.is_string() ? item.get<std::string>() : string_member(item, "name");
            if (name.empty()) name = string_member(item, "key");
            if (!name.empty()) names.push_back(std::move(name));
        }
    }
    return sorted_unique(std::move(names));
}

json permission_names(const json& value) {
    std::vector<std::string> names;
    if (value.is_array())
        for (const auto& item : value) {
            std::string name =
                item.is_string() ? item.get<std::string>() : string_member(item, "name");
            if (!name.empty()) names.push_back(std::move(name));
        }
    return sorted_unique(std::move(names));
}

const EventDataRule* rule_of(std::string_view event_type) {
    for (const EventDataRule& rule : rules)
        if (rule.event_type == event_type) return &rule;
    return nullptr;
}

}  // namespace

std::span<const EventDataRule> audit_event_data_rules() { return rules; }

std::vector<json> reshape_audit_event(const json& event) {
    if (!event.is_object()) throw std::invalid_argument("an audit event that is not a JSON object");
    json item = event;
    item.erase("data");
    const auto data = event.find("data");
    if (data == event.end() || !data->is_object()) return {std::move(item)};
    const EventDataRule* rule = rule_of(string_member(event, "type"));
    if (rule == nullptr) {
        item["data_keys"] = member_names(*data);
        return {std::move(item)};
    }
    json kept = json::object();
    for (const DataMember& m : rule->members) {
        const auto it = data->find(m.from);
        if (it == data->end()) continue;
        switch (m.take) {
            case DataTake::value:
                kept[std::string(m.into)] = *it;
                break;
            case DataTake::permission_names:
                kept[std::string(m.into)] = permission_names(*it);
                break;
            case DataTake::member_names:
                kept[std::string(m.into)] = member_names(*it);
                break;
        }
    }
    item["data"] = std::move(kept);
    return {std::move(item)};
}

std::vector<json> reshape_audit_archive(const json& archive) {
    if (!archive.is_object())
        throw std::invalid_argument("an audit archive that is not a JSON object");
    const auto year = archive.find("year");
    const auto month = archive.find("month");
    if (year == archive.end() || !year->is_number_integer() || month == archive.end() ||
        !month->is_string())
        throw std::invalid_argument("an audit archive without an integer \"year\" and a \"month\"");
    const auto y = year->get<long long>();
    const std::string& m = month->get_ref<const std::string&>();
    const bool month_ok = m.size() == 2 && std::isdigit(static_cast<unsigned char>(m[0])) != 0 &&
                          std::isdigit(static_cast<unsigned char>(m[1])) != 0 && m >= "01" &&
                          m <= "12";
    if (y < 1000 || y > 9999 || !month_ok)
        throw std::invalid_argument("an audit archive whose year or month is out of range");
    json item = archive;
    item["period"] = std::to_string(y) + "-" + m;
    return {std::move(item)};
}

}  // namespace iru::heroku
