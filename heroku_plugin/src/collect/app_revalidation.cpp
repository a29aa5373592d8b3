#include "collect/app_revalidation.hpp"

#include <string>
#include <vector>

namespace iru::heroku {

namespace {

// The paths this run reads by ETag for entry, and the SNI endpoints' path.
std::vector<std::string> expected_paths(const CatalogueWalker& walker, const AppEntry& entry,
                                        std::string& sni_path) {
    std::vector<std::string> paths;
    for (const Row& row : catalogue()) {
        if (!judged_by_etag(row) || !walker.app_row_wanted(row, entry)) continue;
        if (row.condition == Condition::domain_uses_sni) {
            sni_path = CatalogueWalker::app_path(row, entry);
            continue;
        }
        paths.push_back(CatalogueWalker::app_path(row, entry));
    }
    return paths;
}

}  // namespace

RevalidationResult revalidate_app(CatalogueWalker& walker, ApiClient& client, RunControl& control,
                                  const CollectOptions& options, const AppEntry& entry,
                                  const AppEtags& stored) {
    RevalidationResult result;
    std::string sni_path;
    const std::vector<std::string> expected = expected_paths(walker, entry, sni_path);
    if (!etags_cover(stored, expected, sni_path)) return result;
    for (const Row& row : catalogue()) {
        if (!judged_by_etag(row)) continue;
        const std::string path = CatalogueWalker::app_path(row, entry);
        const auto etag = stored.find(path);
        if (etag == stored.end()) continue;
        ConditionalAnswer answer;
        const Attempt a = walker.request_tally().measure(row.type, [&] {
            return control.attempt(path, [&] {
                answer = row.paging.list
                             ? client.list_conditional(path, list_spec(row, options), etag->second)
                             : client.get_conditional(path, etag->second);
            });
        });
        if (a.outcome == Outcome::stopped) {
            result.outcome = Revalidation::stopped;
            return result;
        }
        if (a.outcome == Outcome::ok && answer.not_modified) continue;
        result.outcome = Revalidation::changed;
        if (a.outcome == Outcome::ok && answer.single_page)
            result.prefetched.emplace(path, std::move(answer));
        return result;
    }
    result.outcome = Revalidation::unchanged;
    return result;
}

}  // namespace iru::heroku
