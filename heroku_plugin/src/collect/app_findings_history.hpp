// What the state store keeps per app for the summary's findings (account_facts.hpp), beside its
// read history: whether it had a log drain and its SNI certificates' expiry, as of its last read.
// A run that carries the app forward judges it from these. Pure. A value that does not decode is
// treated as absent (the app is then not judged), never as an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "collect/account_facts.hpp"

namespace iru::heroku {

// "app_facts/<app id>".
std::string app_facts_key(std::string_view app_id);

// {"log_drain":true|false|null,"certificates":[{"app":..,"name":..,"expires_at":..}]}
std::string encode_app_facts(const AppFindingFacts& facts);

// nullopt for anything but an object of that shape (certificates: at most 100, strings only).
std::optional<AppFindingFacts> decode_app_facts(std::string_view value);

// The facts of the app with this id in a run's snapshot: its drain (when drains were collected)
// and the certificates of the app's name.
AppFindingFacts facts_of_app(const AccountFactsSnapshot& snapshot, const std::string& app_id);

}  // namespace iru::heroku
