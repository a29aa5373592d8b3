#include "test_collection.hpp"

#include <catch2/catch.hpp>

#include "core/secret.hpp"

namespace iru::test {

heroku::ClientOptions test_client_options(std::string api_url, int concurrency) {
    heroku::ClientOptions options;
    options.api_url = std::move(api_url);
    options.concurrency = concurrency;
    options.max_retries = 0;
    options.backoff_base = std::chrono::milliseconds(1);
    options.rate_limit_reserve = 0;
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.read_timeout = std::chrono::milliseconds(5000);
    return options;
}

nlohmann::json TestCollection::summary() const {
    REQUIRE_FALSE(records.empty());
    REQUIRE(records.back().type == "heroku.collection_summary");
    return records.back().json();
}

std::vector<EmittedRecord> TestCollection::of_type(std::string_view type) const {
    std::vector<EmittedRecord> out;
    for (const EmittedRecord& r : records)
        if (r.type == type) out.push_back(r);
    return out;
}

TestCollection run_test_collection(const heroku::ClientOptions& client_options,
                                   std::string_view token, const TestCollectionSetup& setup) {
    MemoryLogger logger;
    MemorySink sink;
    heroku::ApiClient client(client_options, logger);
    client.set_token(heroku::Secret(token));
    client.begin_run();
    if (setup.before) setup.before(sink, client);
    TestCollection run;
    run.outcome = heroku::collect_account(client, sink, logger, setup.options, token, setup.state);
    run.records = sink.records();
    run.log_lines = logger.lines();
    run.phases = sink.phases();
    run.stats = client.stats();
    return run;
}

}  // namespace iru::test
