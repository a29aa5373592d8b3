// Collects the evidence of one Heroku account: every resource, every page, redacted, with its gaps
// named. Streams records to the sink as they are produced and emits heroku.collection_summary last.
//
// Thread contract: run() blocks and uses client.options().concurrency worker threads; the client's
// cancel() (from any thread) or sink.should_cancel() makes it stop and return Status::cancelled.
#pragma once

#include <string_view>

#include "api/api_client.hpp"
#include "collect/collect_options.hpp"
#include "collect/record_sink.hpp"
#include "collect/state_store.hpp"
#include "core/logger.hpp"
#include "core/status.hpp"

namespace iru::heroku {

// The result of a run: the status and, when not ok, a one-line reason a user can act on.
struct CollectOutcome {
    Status status = Status::ok;
    std::string message;
};

// token is used only to scan emitted records for leaks (never stored in a record or log).
// The caller has set the client's token and called client.begin_run() (stats, duplicate-URL record
// and the max_run_time deadline are per run). Gaps make the status partial; the summary's status
// equals the returned one, and the summary is emitted last on every path. state keeps, between
// runs, the audit trail's cursors (collect/audit_cursor.hpp) and what incremental collection
// needs (collect/incremental_reads.hpp); nullptr: nothing is kept, every run reads the audit trail
// as a first run and is a full collection.
CollectOutcome collect_account(ApiClient& client, RecordSink& sink, Logger& logger,
                               const CollectOptions& options, std::string_view token,
                               StateStore* state = nullptr);

}  // namespace iru::heroku
