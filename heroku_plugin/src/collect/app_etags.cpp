#include "collect/app_etags.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "api/etag.hpp"

namespace iru::heroku {

namespace {

// A path the collector reads for an app: under /apps/ or /teams/apps/, printable, bounded.
bool app_path(std::string_view path) {
    const bool rooted = path.rfind("/apps/", 0) == 0 || path.rfind("/teams/apps/", 0) == 0;
    return rooted && path.size() <= 256 &&
           std::all_of(path.begin(), path.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

std::string app_etags_key(std::string_view app_id) { return "etags/" + std::string(app_id); }

std::string encode_app_etags(const AppEtags& etags) {
    nlohmann::json value = nlohmann::json::object();
    for (const auto& [path, etag] : etags) value[path] = etag;
    return value.dump();
}

std::optional<AppEtags> decode_app_etags(std::string_view value) {
    const nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
    if (!parsed.is_object() || parsed.size() > max_app_etags) return std::nullopt;
    AppEtags etags;
    for (const auto& [path, etag] : parsed.items()) {
        if (!app_path(path) || !etag.is_string() ||
            !etag_usable(etag.get_ref<const std::string&>()))
            return std::nullopt;
        etags.emplace(path, etag.get<std::string>());
    }
    return etags;
}

bool judged_by_etag(const Row& row) noexcept {
    return row.scope == Scope::app && row.condition != Condition::releases_wanted;
}

bool revalidated(ReadReason reason) noexcept {
    return reason == ReadReason::aged || reason == ReadReason::refresh;
}

bool etags_cover(const AppEtags& stored, const std::vector<std::string>& expected,
                 std::string_view sni_path) {
    if (stored.empty()) return false;
    const std::set<std::string_view> wanted(expected.begin(), expected.end());
    for (const auto& [path, etag] : stored)
        if (wanted.count(path) == 0 && path != sni_path) return false;
    return std::all_of(expected.begin(), expected.end(),
                       [&](const std::string& path) { return stored.count(path) != 0; });
}

}  // namespace iru::heroku
