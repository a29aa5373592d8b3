#include "collect/record_builder.hpp"

#include <stdexcept>

#include "collect/allow_list.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

const std::optional<Ref>& prefix_ref(KeyPrefix prefix, const RecordContext& context) {
    static const std::optional<Ref> none;
    switch (prefix) {
        case KeyPrefix::app:
            return context.app;
        case KeyPrefix::team:
            return context.team;
        case KeyPrefix::enterprise_account:
            return context.enterprise_account;
        case KeyPrefix::space:
            return context.space;
        case KeyPrefix::pipeline:
            return context.pipeline;
        case KeyPrefix::none:
            break;
    }
    return none;
}

std::string key_of(const Row& row, const json& item, const RecordContext& context) {
    std::string key;
    if (row.key_prefix != KeyPrefix::none) {
        const auto& ref = prefix_ref(row.key_prefix, context);
        if (!ref || ref->id.empty())
            throw std::invalid_argument(std::string(row.type) +
                                        " without the reference its key needs");
        key = ref->id;
    }
    if (row.key_field.empty()) return key;
    if (!key.empty()) key += '/';
    return key + key_value(item, row.key_field);
}

void attach_refs(unsigned attached, const RecordContext& context, json& data) {
    if ((attached & attach::app) != 0 && context.app) data["app"] = context.app->to_json();
    if ((attached & attach::team) != 0 && context.team) data["team"] = context.team->to_json();
    if ((attached & attach::enterprise_account) != 0 && context.enterprise_account)
        data["enterprise_account"] = context.enterprise_account->to_json();
    if ((attached & attach::pipeline) != 0 && context.pipeline)
        data["pipeline"] = context.pipeline->to_json();
    if ((attached & attach::space) != 0 && context.space) data["space"] = context.space->to_json();
}

}  // namespace

std::string key_value(const json& item, std::string_view key_field) {
    const json* node = &item;
    std::string_view rest = key_field;
    while (true) {
        const std::size_t dot = rest.find('.');
        const std::string name(rest.substr(0, dot));
        if (!node->is_object()) break;
        const auto it = node->find(name);
        if (it == node->end()) break;
        node = &*it;
        if (dot == std::string_view::npos) {
            if (node->is_string() && !node->get_ref<const std::string&>().empty())
                return node->get<std::string>();
            if (node->is_number_integer()) return std::to_string(node->get<long long>());
            break;
        }
        rest = rest.substr(dot + 1);
    }
    throw std::invalid_argument("an item without a usable \"" + std::string(key_field) + "\"");
}

std::vector<Record> build_records(const Row& row, const json& answer, const RecordContext& context,
                                  std::vector<std::string>& not_recognized) {
    auto build_one = [&](const json& item) {
        if (!item.is_object()) throw std::invalid_argument("an item that is not a JSON object");
        Record record{row.type, key_of(row, item, context), json()};
        record.data = keep_allowed(item, row.fields, not_recognized);
        if (!row.presence_field.empty()) record.data[std::string(row.presence_field)] = true;
        attach_refs(row.attached, context, record.data);
        return record;
    };
    std::vector<Record> records;
    if (row.reshape == nullptr) {
        records.push_back(build_one(answer));
        return records;
    }
    const std::vector<json> items = row.reshape(answer);
    records.reserve(items.size());
    for (const auto& item : items) records.push_back(build_one(item));
    return records;
}

Record absent_record(const Row& row, const RecordContext& context) {
    if (row.presence_field.empty())
        throw std::logic_error(std::string(row.type) + " has no presence field");
    Record record{row.type, key_of(row, json::object(), context), json::object()};
    record.data[std::string(row.presence_field)] = false;
    attach_refs(row.attached, context, record.data);
    return record;
}

}  // namespace iru::heroku
