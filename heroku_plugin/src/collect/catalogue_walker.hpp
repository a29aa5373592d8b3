// The catalogue walker: reads a row's path (a list one item at a time, or one object), hands each
// item to the emitter, and turns what went wrong into the row's gaps. An item of the wrong shape is
// skipped and named (list and index); the rest of the page and the later pages are still read.
// Thread contract: read(), report() and collect_app() may run on several worker threads at once;
// set_matrix_teams() is called before they start.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "api/api_client.hpp"
#include "collect/app_etags.hpp"
#include "collect/catalogue.hpp"
#include "collect/collect_options.hpp"
#include "collect/emitter.hpp"
#include "collect/request_tally.hpp"
#include "collect/run_control.hpp"
#include "collect/selection.hpp"

namespace iru::heroku {

// A private space whose own endpoints are read (from GET /spaces).
struct SpaceEntry {
    Ref space;
    std::optional<Ref> team;
    std::string generation;  // "cedar", "fir"; empty: not stated
};

// The path template with {app}, {team}, {enterprise_account}, {space} and {pipeline} replaced by
// the context's ids.
std::string expand_path(std::string_view path_template, const RecordContext& context);

// How a row's list is paged (releases: the newest releases_per_app).
ListSpec list_spec(const Row& row, const CollectOptions& options);

// The gap kind of a read that ended as outcome (not ok, not stopped).
std::string_view gap_kind_of(const Row& row, Outcome outcome);

// True when a space row's read that ended as outcome means its space does not offer the endpoint
// (404, 422): listed as not offered, never a gap.
bool space_endpoint_not_offered(const Row& row, Outcome outcome) noexcept;

// Answers a conditional GET already brought for an app (collect/app_revalidation.hpp), by request
// path: read from here instead of the API.
using PrefetchedAnswers = std::map<std::string, ConditionalAnswer>;

// Overwrites the string values of answers left unused (a config vars answer holds secrets).
void wipe_prefetched(PrefetchedAnswers& answers);

// What reading one app's details came to.
struct AppReadResult {
    bool complete = true;  // every row read to its end (no gap for the app)
    // The ETags of the rows judged by ETag (collect/app_etags.hpp); empty unless complete and
    // every such row came as one answer with a usable ETag.
    AppEtags etags;
};

class CatalogueWalker {
public:
    CatalogueWalker(ApiClient& client, RunControl& control, Emitter& emitter,
                    const CollectOptions& options);

    // Receives each item (with its index in the list); may modify it. An exception it throws
    // skips that item (an item_skipped gap).
    using ItemHandler = std::function<void(nlohmann::json& item, std::size_t index)>;

    // Reads path by row's paging. A single object's string values are overwritten once handled
    // (config var values never outlive their use).
    // etag, when given, receives the answer's ETag (a list's only when it came as one page).
    // prefetched, when given, is read instead of the API (and its strings wiped).
    Attempt read(const Row& row, const std::string& path, const RecordContext& context,
                 const ItemHandler& on_item, std::string* etag = nullptr,
                 ConditionalAnswer* prefetched = nullptr);
    // Reads path and emits every item by row with context (no link to resolve).
    Attempt read_and_emit(const Row& row, const std::string& path, const RecordContext& context);

    // The gap for a read of row that did not succeed (nothing for ok or stopped); for a row with
    // a presence_field, a 404 is the absent record instead; for a none_when_missing row, nothing.
    void report(const Row& row, const Attempt& attempt, const std::string& path,
                const RecordContext& context);

    // Teams whose access matrix was read: their apps need no per-app collaborators.
    void set_matrix_teams(std::unordered_set<std::string> team_ids);

    // Every per-app row for one app, in catalogue order, under the rows' conditions. A 403 or a
    // 404 on the app's first request ends the app (not visible, vanished); later, a 403 is a gap
    // for that endpoint alone. prefetched: answers already in hand (taken from it as used).
    AppReadResult collect_app(const AppEntry& entry, PrefetchedAnswers* prefetched = nullptr);

    // True when collect_app() reads row for entry this run, the domains' say on the SNI
    // endpoints aside (Condition::domain_uses_sni is not judged here).
    bool app_row_wanted(const Row& row, const AppEntry& entry) const;
    // The path collect_app() requests row at for entry.
    static std::string app_path(const Row& row, const AppEntry& entry);

    // Every space row for one space, in catalogue order. A row its generation does not offer is
    // not read; it, and a 404 or 422, is listed as not offered. A 403 is a gap for that endpoint
    // alone (space_endpoint_denied).
    void collect_space(const SpaceEntry& entry);

    // The reason of a denied read of path, with the token's scope named when it is the cause
    // (the run's summary then warns once).
    std::string denial_reason(const std::string& path, const Attempt& attempt);

    // What each record type's reads sent (read() adds to it; so may others reading a row).
    RequestTally& request_tally() noexcept { return tally_; }
    const RequestTally& request_tally() const noexcept { return tally_; }

private:
    bool needed(const Row& row) const;

    ApiClient& client_;
    RunControl& control_;
    Emitter& emitter_;
    const CollectOptions& options_;
    std::unordered_set<std::string> matrix_teams_;
    std::atomic<bool> scope_warned_{false};
    RequestTally tally_;
};

}  // namespace iru::heroku
