// The ETags of an app's per-app answers from its last complete read, as the state store keeps
// them, and which of an app's endpoints may be judged by them. Pure. A value that does not decode
// is treated as absent (the app is then read without conditional requests), never as an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/app_read_plan.hpp"
#include "collect/catalogue.hpp"

namespace iru::heroku {

// Request path ("/apps/<id>/formation") -> the ETag of its answer.
using AppEtags = std::map<std::string, std::string>;

// More entries than an app has per-app endpoints: such a value is not the plugin's own.
inline constexpr std::size_t max_app_etags = 32;

// "etags/<app id>".
std::string app_etags_key(std::string_view app_id);

// {"<path>":"<etag>",...}; "{}" for none.
std::string encode_app_etags(const AppEtags& etags);

// nullopt unless an object of at most max_app_etags entries, each an API path under /apps/ or
// /teams/apps/ mapped to a usable ETag (api/etag.hpp). "{}" decodes to an empty map.
std::optional<AppEtags> decode_app_etags(std::string_view value);

// True for a per-app row whose answer may be judged by its ETag: every one but the releases (a
// list read newest first and cut, whose change the app's released_at tells).
bool judged_by_etag(const Row& row) noexcept;

// True for the planner's reasons that leave an app's change unknown (aged, refresh): only those
// apps are asked with conditional requests; the others are known to have changed or never read.
bool revalidated(ReadReason reason) noexcept;

// True when stored covers exactly the paths this run would read by ETag (expected), the SNI
// endpoints' path aside: it is read only when the domains say so, and the domains' own ETag
// tells whether they still do.
bool etags_cover(const AppEtags& stored, const std::vector<std::string>& expected,
                 std::string_view sni_path);

}  // namespace iru::heroku
