#include "collect/catalogue_walker.hpp"

#include <algorithm>

#include <iru/internal/secure_wipe.hpp>

#include "collect/token_scope.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// Overwrites the string values of an answer before it is released.
void wipe_strings(json& answer) {
    if (!answer.is_object()) return;
    for (auto it = answer.begin(); it != answer.end(); ++it)
        if (it->is_string()) secure_wipe(it->get_ref<std::string&>());
}

bool domain_uses_sni(const json& domain) {
    if (!domain.is_object()) return false;
    const auto sni = domain.find("sni_endpoint");
    return sni != domain.end() && !string_field(*sni, "id").empty();
}

}  // namespace

void wipe_prefetched(PrefetchedAnswers& answers) {
    for (auto& [path, answer] : answers) wipe_strings(answer.body);
    answers.clear();
}

std::string expand_path(std::string_view path_template, const RecordContext& context) {
    std::string path(path_template);
    if (context.app) replace_all(path, "{app}", context.app->id);
    if (context.team) replace_all(path, "{team}", context.team->id);
    if (context.enterprise_account)
        replace_all(path, "{enterprise_account}", context.enterprise_account->id);
    if (context.space) replace_all(path, "{space}", context.space->id);
    if (context.pipeline) replace_all(path, "{pipeline}", context.pipeline->id);
    return path;
}

ListSpec list_spec(const Row& row, const CollectOptions& options) {
    ListSpec spec;
    spec.sort_attribute = std::string(row.paging.attribute);
    spec.descending = row.paging.descending;
    if (row.condition == Condition::releases_wanted)
        spec.limit = static_cast<std::size_t>(std::max(0, options.releases_per_app));
    return spec;
}

std::string_view gap_kind_of(const Row& row, Outcome outcome) {
    switch (outcome) {
        case Outcome::denied:
            return row.gap_403;
        case Outcome::missing:
            return row.gap_404;
        case Outcome::rejected:
            return gap_kind::answer_rejected;
        default:
            break;
    }
    return row.scope == Scope::account && row.paging.list ? gap_kind::list_incomplete
                                                          : gap_kind::request_failed;
}

bool space_endpoint_not_offered(const Row& row, Outcome outcome) noexcept {
    return row.scope == Scope::space &&
           (outcome == Outcome::missing || outcome == Outcome::unprocessable);
}

CatalogueWalker::CatalogueWalker(ApiClient& client, RunControl& control, Emitter& emitter,
                                 const CollectOptions& options)
    : client_(client), control_(control), emitter_(emitter), options_(options) {}

void CatalogueWalker::set_matrix_teams(std::unordered_set<std::string> team_ids) {
    matrix_teams_ = std::move(team_ids);
}

Attempt CatalogueWalker::read(const Row& row, const std::string& path, const RecordContext& context,
                              const ItemHandler& on_item, std::string* etag,
                              ConditionalAnswer* prefetched) {
    auto handle = [&](json& item, std::size_t index) {
        try {
            on_item(item, index);
        } catch (const std::exception& e) {
            emitter_.gap(
                gap_kind::item_skipped, path, context.app, context.team,
                (row.paging.list ? "item " + std::to_string(index) + " of the list was skipped: "
                                 : std::string("the answer was skipped: ")) +
                    e.what());
        }
    };
    std::size_t index = 0;
    const auto each = [&](json& item) {
        const std::size_t n = index++;
        if (!control_.stopping()) handle(item, n);
    };
    return tally_.measure(row.type, [&] {
        return control_.attempt(path, [&] {
            if (prefetched != nullptr) {  // read before (collect/app_revalidation.hpp)
                if (etag != nullptr) *etag = prefetched->etag;
                json& answer = prefetched->body;
                if (!row.paging.list) {
                    handle(answer, 0);
                } else if (answer.is_array()) {
                    for (json& item : answer) each(item);
                }
                wipe_strings(answer);
                return;
            }
            if (!row.paging.list) {
                ConditionalAnswer answer = client_.get_conditional(path);
                if (etag != nullptr) *etag = std::move(answer.etag);
                handle(answer.body, 0);
                wipe_strings(answer.body);
                return;
            }
            client_.list_items(path, list_spec(row, options_), each, etag);
        });
    });
}

Attempt CatalogueWalker::read_and_emit(const Row& row, const std::string& path,
                                       const RecordContext& context) {
    return read(row, path, context,
                [&](json& item, std::size_t) { emitter_.emit(row, item, context); });
}

std::string CatalogueWalker::denial_reason(const std::string& path, const Attempt& attempt) {
    const std::string token_scope = client_.stats().oauth_scope;
    const auto scope = explain_scope_denial(token_scope, attempt.scope_accepted, path);
    if (!scope) return attempt.reason;
    if (!scope_warned_.exchange(true)) emitter_.warn(scope_warning(token_scope));
    return *scope + " (" + attempt.reason + ")";
}

void CatalogueWalker::report(const Row& row, const Attempt& attempt, const std::string& path,
                             const RecordContext& context) {
    if (attempt.outcome == Outcome::ok || attempt.outcome == Outcome::stopped) return;
    if (attempt.outcome == Outcome::missing && !row.presence_field.empty()) {
        emitter_.emit_absent(row, context);
        return;
    }
    if (attempt.outcome == Outcome::missing && row.none_when_missing) return;
    emitter_.gap(
        gap_kind_of(row, attempt.outcome), path, context.app, context.team,
        attempt.outcome == Outcome::denied ? denial_reason(path, attempt) : attempt.reason);
}

bool CatalogueWalker::needed(const Row& row) const {
    if (emitter_.wants(row.type)) return true;
    // The domains tell which apps have SNI endpoints.
    return row.type == record_type::domain && emitter_.wants(record_type::sni_endpoint);
}

bool CatalogueWalker::app_row_wanted(const Row& row, const AppEntry& entry) const {
    if (row.scope != Scope::app || !needed(row) ||
        !generation_offers(row.generations, entry.generation))
        return false;
    switch (row.condition) {
        case Condition::releases_wanted:
            return options_.releases_per_app > 0;
        case Condition::no_team_matrix:
            return !entry.team || matrix_teams_.count(entry.team->id) == 0;
        default:
            return true;
    }
}

std::string CatalogueWalker::app_path(const Row& row, const AppEntry& entry) {
    RecordContext context;
    context.app = entry.app;
    context.team = entry.team;
    return expand_path(entry.team && !row.team_path.empty() ? row.team_path : row.path, context);
}

AppReadResult CatalogueWalker::collect_app(const AppEntry& entry, PrefetchedAnswers* prefetched) {
    RecordContext context;
    context.app = entry.app;
    context.team = entry.team;
    bool first = true;
    bool uses_sni = false;
    AppReadResult result;
    bool etags_complete = true;
    const auto finish = [&](bool complete) {
        result.complete = complete;
        if (!complete || !etags_complete) result.etags.clear();
        return result;
    };
    for (const Row& row : catalogue()) {
        if (!app_row_wanted(row, entry)) continue;
        if (row.condition == Condition::domain_uses_sni && !uses_sni) continue;
        const std::string path = app_path(row, entry);
        ConditionalAnswer* in_hand = nullptr;
        if (prefetched != nullptr)
            if (const auto found = prefetched->find(path); found != prefetched->end())
                in_hand = &found->second;
        std::string etag;
        const Attempt a = read(
            row, path, context,
            [&](json& item, std::size_t) {
                if (row.type == record_type::domain && domain_uses_sni(item)) uses_sni = true;
                emitter_.emit(row, item, context);
            },
            &etag, in_hand);
        if (judged_by_etag(row)) {
            if (a.outcome == Outcome::ok && !etag.empty())
                result.etags[path] = std::move(etag);
            else
                etags_complete = false;
        }
        const bool probe = first;
        first = false;
        switch (a.outcome) {
            case Outcome::ok:
                continue;
            case Outcome::stopped:
                return finish(false);
            case Outcome::missing:
                emitter_.gap(gap_kind::app_vanished, path, entry.app, entry.team,
                             "the app was listed but is gone (404): " + a.reason);
                return finish(false);
            case Outcome::denied:
                if (probe) {
                    emitter_.gap(gap_kind::app_not_visible, path, entry.app, entry.team,
                                 "the token cannot read this app's details (403): " +
                                     denial_reason(path, a));
                    return finish(false);
                }
                break;
            default:
                break;
        }
        result.complete = false;
        report(row, a, path, context);
    }
    return finish(result.complete);
}

void CatalogueWalker::collect_space(const SpaceEntry& entry) {
    RecordContext context;
    context.space = entry.space;
    context.team = entry.team;
    const unsigned bit = generation_bit(entry.generation);
    for (const Row& row : catalogue()) {
        if (row.scope != Scope::space || !emitter_.wants(row.type)) continue;
        if (!generation_offers(row.generations, bit)) {
            emitter_.not_offered({entry.space, row.type, entry.generation, 0});
            continue;
        }
        const std::string path = expand_path(row.path, context);
        const Attempt a = read_and_emit(row, path, context);
        if (a.outcome == Outcome::stopped) return;
        if (space_endpoint_not_offered(row, a.outcome)) {
            emitter_.not_offered({entry.space, row.type, entry.generation,
                                  a.outcome == Outcome::missing ? 404 : 422});
            continue;
        }
        report(row, a, path, context);
    }
}

}  // namespace iru::heroku
