// Whether an app's details changed since its last complete read, asked of Heroku with conditional
// GETs (If-None-Match with the ETags of that read, collect/app_etags.hpp) instead of reading them.
// Only the endpoints judged by ETag are asked; the releases are judged by the app's released_at,
// which the planner already compared (an app whose released_at moved is never revalidated).
// Thread contract: as CatalogueWalker's collect_app(), from several worker threads at once.
#pragma once

#include "api/api_client.hpp"
#include "collect/app_etags.hpp"
#include "collect/catalogue_walker.hpp"
#include "collect/collect_options.hpp"
#include "collect/run_control.hpp"

namespace iru::heroku {

enum class Revalidation {
    unchanged,     // every conditional GET answered 304: the last snapshot's records still hold
    changed,       // one did not (200, a page of several, or an error): read the app fully
    not_eligible,  // the stored ETags do not cover what this run reads for the app: read it fully
    stopped,       // the run stops
};

struct RevalidationResult {
    Revalidation outcome = Revalidation::not_eligible;
    // changed: the 200 answer that told it, when it was a whole answer (reused by collect_app(),
    // so no URL is requested twice).
    PrefetchedAnswers prefetched;
};

// Sends the conditional GETs for stored (the app's ETags), in catalogue order, and stops at the
// first answer that is not a 304. What each sends is added to the walker's request tally.
RevalidationResult revalidate_app(CatalogueWalker& walker, ApiClient& client, RunControl& control,
                                  const CollectOptions& options, const AppEntry& entry,
                                  const AppEtags& stored);

}  // namespace iru::heroku
