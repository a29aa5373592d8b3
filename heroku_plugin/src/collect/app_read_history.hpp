// What the state store keeps per app between runs, as text: the key an app's history lives under
// and its value's encoding. Pure. A value that does not decode is treated as absent (the app is
// then read as if never read), never as an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "collect/app_read_plan.hpp"

namespace iru::heroku {

// "app/<app id>" (at most 128 bytes for Heroku's 36-byte UUIDs).
std::string app_history_key(std::string_view app_id);

// {"read_at":"<RFC 3339>","updated_at":"...","released_at":"..."}
std::string encode_app_history(const AppReadHistory& history);

// nullopt for anything but an object with a valid read_at and string (or absent) app fields.
std::optional<AppReadHistory> decode_app_history(std::string_view value);

}  // namespace iru::heroku
