#include "collect/app_read_history.hpp"

#include <nlohmann/json.hpp>

#include "collect/time_format.hpp"

namespace iru::heroku {

std::string app_history_key(std::string_view app_id) { return "app/" + std::string(app_id); }

std::string encode_app_history(const AppReadHistory& history) {
    const nlohmann::json value = {{"read_at", format_rfc3339(history.read_at)},
                                  {"updated_at", history.updated_at},
                                  {"released_at", history.released_at}};
    return value.dump();
}

std::optional<AppReadHistory> decode_app_history(std::string_view value) {
    const nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
    if (!parsed.is_object()) return std::nullopt;
    const auto read_at = parsed.find("read_at");
    if (read_at == parsed.end() || !read_at->is_string()) return std::nullopt;
    const auto when = parse_rfc3339_utc(read_at->get_ref<const std::string&>());
    if (!when) return std::nullopt;
    AppReadHistory history;
    history.read_at = std::chrono::time_point_cast<std::chrono::seconds>(*when);
    for (const auto& [name, target] :
         {std::pair{"updated_at", &history.updated_at}, {"released_at", &history.released_at}}) {
        const auto field = parsed.find(name);
        if (field == parsed.end()) continue;
        if (!field->is_string()) return std::nullopt;
        *target = field->get<std::string>();
    }
    return history;
}

}  // namespace iru::heroku
