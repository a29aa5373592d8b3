// Fuzzes record mapping + redaction with arbitrary JSON: secrets are planted in every field Heroku
// documents as secret, in URL credentials and in config var values; whatever the mapping makes of
// the input, no planted secret may survive redaction and the leak scan.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/record_mapping.hpp"
#include "collect/redaction.hpp"

namespace {

using nlohmann::json;
namespace h = iru::heroku;

constexpr std::string_view marker = "PLANTEDxSECRET";
const std::string token = "HRKU-fuzz-token-PLANTEDxSECRET";

// Plants a marker in every secret field, every URL's user-info and query.
void plant(json& node) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (h::is_secret_field(it.key())) {
                it.value() = std::string(marker) + "-" + it.key();
            } else if (h::is_url_field(it.key())) {
                it.value() = "https://user:" + std::string(marker) + "@drain.example.com/p?k=" +
                             std::string(marker);
            } else {
                plant(it.value());
            }
        }
    } else if (node.is_array()) {
        for (auto& item : node) plant(item);
    }
}

// Config var values: every value becomes a marker.
json plant_config_values(const json& input) {
    json out = json::object();
    if (input.is_object())
        for (auto it = input.begin(); it != input.end(); ++it) out[it.key()] = std::string(marker);
    return out;
}

void check(h::Record record, const h::LeakScanner& scanner) {
    h::redact_secrets(record.data);
    scanner.scrub(record.data);
    const std::string text = record.key + record.data.dump();
    if (text.find(marker) != std::string::npos || text.find("HRKU-") != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.find(marker) != std::string_view::npos) return 0;  // the marker must be ours alone
    json doc = json::parse(input, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return 0;
    const json config_vars = plant_config_values(doc);
    plant(doc);
    if (doc.is_object()) doc["token_hint"] = token;  // a stray token anywhere is scrubbed too

    const h::LeakScanner scanner(token);
    const h::Ref team{"team-id", "team"};
    const h::AppContext app{{"app-id", "app"}, team};
    const auto now = std::chrono::system_clock::time_point{};

    const std::vector<std::function<h::Record()>> mappers = {
        [&] { return h::map_account(doc); },
        [&] { return h::map_team(doc, doc); },
        [&] { return h::map_team_member(doc, team); },
        [&] { return h::map_team_invitation(doc, team); },
        [&] { return h::map_enterprise_account(doc); },
        [&] { return h::map_enterprise_member(doc, team); },
        [&] { return h::map_app(doc, team); },
        [&] { return h::map_app_access(doc, app); },
        [&] { return h::map_formation(doc, app); },
        [&] { return h::map_dyno(doc, app); },
        [&] { return h::map_config_vars(config_vars, app); },
        [&] { return h::map_addon(doc, app); },
        [&] { return h::map_addon_attachment(doc, app); },
        [&] { return h::map_pipeline(doc, team); },
        [&] { return h::map_pipeline_coupling(doc, app, team); },
        [&] { return h::map_domain(doc, app); },
        [&] { return h::map_sni_endpoint(doc, app); },
        [&] { return h::map_log_drain(doc, app); },
        [&] { return h::map_app_feature(doc, app); },
        [&] { return h::map_release(doc, app); },
        [&] { return h::map_buildpack(doc, app); },
        [&] { return h::map_space(doc, team); },
    };
    for (const auto& map : mappers) {
        try {
            check(map(), scanner);
        } catch (const std::exception&) {
            // Malformed input is refused with an exception; the collector records it as a gap.
        }
    }
    try {
        for (auto& record : h::map_app_access_matrix(doc, team)) check(std::move(record), scanner);
    } catch (const std::exception&) {
    }
    try {
        if (auto match = h::match_token(doc, token, now)) check(std::move(match->record), scanner);
    } catch (const std::exception&) {
    }
    return 0;
}
