#include "collect/allow_list.hpp"

#include "collect/scrubbers.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

const Field* find_field(std::span<const Field> fields, std::string_view name) {
    for (const Field& f : fields)
        if (f.name == name) return &f;
    return nullptr;
}

std::string path_of(std::string_view prefix, std::string_view name) {
    std::string path(prefix);
    if (!path.empty()) path += '.';
    path += name;
    return path;
}

// One value of a declared field (or one item of a declared array), kept or dropped by its types.
// Returns false when it is dropped.
bool keep_value(const json& value, unsigned types, const Field& field, const std::string& path,
                std::vector<std::string>& not_recognized, json& out) {
    if (!has_type(value, types)) return false;
    if (value.is_string()) {
        out = apply_scrubber(field.scrub, value.get_ref<const std::string&>());
    } else if (value.is_object()) {
        out = keep_allowed(value, field.fields, not_recognized, path);
    } else if (value.is_array()) {
        out = json::array();
        for (const auto& item : value) {
            json kept;
            if (keep_value(item, field.items, field, path, not_recognized, kept))
                out.push_back(std::move(kept));
            else
                not_recognized.push_back(path + " (unexpected item type)");
        }
    } else {
        out = value;  // null, boolean, number
    }
    return true;
}

}  // namespace

std::string apply_scrubber(Scrubber scrubber, std::string_view text) {
    switch (scrubber) {
        case Scrubber::url:
            return scrub_url(text);
        case Scrubber::command:
            return scrub_command(text);
        case Scrubber::text:
            return scrub_text(text);
        case Scrubber::none:
            break;
    }
    return std::string(text);
}

bool has_type(const json& value, unsigned types) noexcept {
    switch (value.type()) {
        case json::value_t::null:
            return (types & json_type::null) != 0;
        case json::value_t::boolean:
            return (types & json_type::boolean) != 0;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return (types & (json_type::integer | json_type::number)) != 0;
        case json::value_t::number_float:
            return (types & json_type::number) != 0;
        case json::value_t::string:
            return (types & json_type::string) != 0;
        case json::value_t::object:
            return (types & json_type::object) != 0;
        case json::value_t::array:
            return (types & json_type::array) != 0;
        default:
            return false;
    }
}

json keep_allowed(const json& object, std::span<const Field> fields,
                  std::vector<std::string>& not_recognized, std::string_view prefix) {
    json out = json::object();
    if (!object.is_object()) return out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const Field* field = find_field(fields, it.key());
        std::string path = path_of(prefix, it.key());
        if (field == nullptr) {
            not_recognized.push_back(std::move(path));
            continue;
        }
        if (field->types == 0) continue;  // known, never kept
        json kept;
        if (keep_value(it.value(), field->types, *field, path, not_recognized, kept))
            out[it.key()] = std::move(kept);
        else
            not_recognized.push_back(path + " (unexpected type)");
    }
    return out;
}

}  // namespace iru::heroku
