// One collection as the collector tests run it: the real client against a server the test started
// on 127.0.0.1, into a memory sink and logger. Runs on the calling thread; returns when the
// collection has ended.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_client.hpp"
#include "collect/collect_options.hpp"
#include "collect/collector.hpp"
#include "collect/state_store.hpp"
#include "memory_sink.hpp"

namespace iru::test {

// The client options of a collector test: no retries, no reserve, 2 s to connect, 5 s a read.
heroku::ClientOptions test_client_options(std::string api_url, int concurrency = 2);

struct TestCollection {
    heroku::CollectOutcome outcome;
    std::vector<EmittedRecord> records;  // as emitted; the summary last
    std::vector<std::string> log_lines;
    std::vector<std::string> phases;  // the progress reports' phases, in order
    heroku::ClientStats stats;
    // The last record's data; REQUIREs that it is the run's summary.
    nlohmann::json summary() const;
    std::vector<EmittedRecord> of_type(std::string_view type) const;
};

struct TestCollectionSetup {
    heroku::CollectOptions options;
    heroku::StateStore* state = nullptr;  // not owned; outlives the call
    // Called on the calling thread after the client's run has begun, before the collection.
    std::function<void(MemorySink&, heroku::ApiClient&)> before;
};

TestCollection run_test_collection(const heroku::ClientOptions& client_options,
                                   std::string_view token, const TestCollectionSetup& setup = {});

}  // namespace iru::test
