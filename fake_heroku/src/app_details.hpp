// Per-app detail resources, derived on demand from the app and the account's seed: the same app
// always gives the same documents, and nothing per app is stored. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_heroku/account.hpp"

namespace iru::fake {

struct AppDetails {
    nlohmann::json formation = nlohmann::json::array();
    nlohmann::json dynos = nlohmann::json::array();
    nlohmann::json config_vars = nlohmann::json::object();  // name -> value (every value secret)
    nlohmann::json domains = nlohmann::json::array();
    nlohmann::json sni_endpoints = nlohmann::json::array();
    nlohmann::json log_drains = nlohmann::json::array();
    nlohmann::json features = nlohmann::json::array();
    nlohmann::json releases = nlohmann::json::array();  // ascending version
    nlohmann::json buildpack_installations = nlohmann::json::array();
    nlohmann::json webhooks = nlohmann::json::array();
    nlohmann::json telemetry_drains = nlohmann::json::array();  // fir apps only
    std::vector<std::string> secrets;                           // every secret value planted above
};

AppDetails generate_app_details(const Account& account, const App& app);

}  // namespace iru::fake
