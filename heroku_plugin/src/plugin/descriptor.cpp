#include "plugin/descriptor.hpp"

namespace iru::heroku {

const std::vector<std::string_view>& record_types() {
    static const std::vector<std::string_view> types = {
        "heroku.account",          "heroku.team",             "heroku.team_member",
        "heroku.team_invitation",  "heroku.enterprise_account", "heroku.enterprise_member",
        "heroku.app",              "heroku.app_access",       "heroku.formation",
        "heroku.dyno",             "heroku.config_vars",      "heroku.addon",
        "heroku.addon_attachment", "heroku.pipeline",         "heroku.pipeline_coupling",
        "heroku.domain",           "heroku.sni_endpoint",     "heroku.log_drain",
        "heroku.app_feature",      "heroku.release",          "heroku.buildpack",
        "heroku.space",            "heroku.token",            "heroku.collection_summary",
    };
    return types;
}

}  // namespace iru::heroku
