#include "collect/summary_findings.hpp"

#include <string>

namespace iru::heroku {

using nlohmann::json;

namespace {

struct KindText {
    std::string_view kind;
    std::string_view level;   // info | warn | error
    std::string_view what;    // "N <what>"
    std::string_view remedy;  // "" when none
};

// One line per gap kind the collector names (collect/collection_summary.hpp gap_kind).
constexpr KindText kind_texts[] = {
    {"app_not_visible", "warn", "app resource(s) the token could not read",
     "give the token's account access to those apps (collaborator, or member of their team)"},
    {"app_vanished", "info", "app(s) deleted while the run read them", ""},
    {"team_members_denied", "warn", "team(s) whose members the account may not list",
     "use a token of an account that is an admin of those teams"},
    {"team_permissions_denied", "warn", "team(s) whose app permissions the account may not read",
     "use a token of an account that is an admin of those teams"},
    {"team_invitations_denied", "warn", "team(s) whose invitations the account may not list",
     "use a token of an account that is an admin of those teams"},
    {"list_incomplete", "error", "list(s) that could not be read to their end",
     "run again; when it persists, check the network, the proxy and the Heroku API's status"},
    {"request_failed", "warn", "request(s) that failed after retries",
     "run again; when it persists, check the network, the proxy and the Heroku API's status"},
    {"run_time_exceeded", "warn", "stop(s) at max_run_time before the run was complete",
     "raise the option max_run_time, or narrow the run with teams, apps or include"},
    {"cancelled", "info", "cancellation(s) before the run was complete", ""},
};

const KindText* text_for(std::string_view kind) {
    for (const auto& text : kind_texts)
        if (text.kind == kind) return &text;
    return nullptr;
}

std::string string_of(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string_view gap_remedy(std::string_view kind) {
    const KindText* text = text_for(kind);
    return text == nullptr ? std::string_view() : text->remedy;
}

json summary_findings(const std::vector<json>& gaps, const json& token) {
    json findings = json::array();
    std::vector<std::string> order;  // gap kinds, first seen first
    std::vector<std::uint64_t> counts;
    std::vector<const json*> examples;
    for (const auto& gap : gaps) {
        const std::string kind = string_of(gap, "kind");
        std::size_t i = 0;
        while (i < order.size() && order[i] != kind) ++i;
        if (i == order.size()) {
            order.push_back(kind);
            counts.push_back(0);
            examples.push_back(&gap);
        }
        ++counts[i];
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
        const KindText* text = text_for(order[i]);
        const std::string what = text != nullptr ? std::string(text->what) : "gap(s) of kind " + order[i];
        std::string message = std::to_string(counts[i]) + " " + what + " (e.g. " +
                              string_of(*examples[i], "resource") + ": " + string_of(*examples[i], "reason") + ")";
        findings.push_back({{"level", text != nullptr ? text->level : "warn"},
                            {"message", std::move(message)},
                            {"remedy", text != nullptr && !text->remedy.empty() ? json(text->remedy) : json(nullptr)},
                            {"count", counts[i]}});
    }
    const std::string warning = token.is_object() ? string_of(token, "warning") : std::string();
    if (!warning.empty())
        findings.push_back({{"level", "warn"},
                            {"message", warning},
                            {"remedy", "create a new token with `heroku authorizations:create --description "
                                       "\"Iru Compliance\"` and update the source's credential"},
                            {"count", 1}});
    return findings;
}

}  // namespace iru::heroku
