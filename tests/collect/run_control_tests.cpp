// What a failed request means for the run: the pure classification.
#include <catch2/catch.hpp>

#include "collect/run_control.hpp"

using namespace iru::heroku;

TEST_CASE("a failed request: stop the run, or a gap for its resource", "[run_control]") {
    auto c = classify_failure(Status::cancelled, 0, false);
    CHECK(c.outcome == Outcome::stopped);
    CHECK(c.stop == Status::cancelled);

    c = classify_failure(Status::auth_failed, 401, false);
    CHECK(c.outcome == Outcome::stopped);
    CHECK(c.stop == Status::auth_failed);
    CHECK(c.answered);

    // The client's throttle could not fit the request before max_run_time: the deadline.
    c = classify_failure(Status::rate_limited, 0, false);
    CHECK(c.outcome == Outcome::stopped);
    CHECK(c.deadline);
    CHECK(c.stop == Status::partial);
    // 429s beyond max_rate_limit_wait.
    c = classify_failure(Status::rate_limited, 429, false);
    CHECK(c.stop == Status::rate_limited);
    CHECK_FALSE(c.deadline);

    c = classify_failure(Status::permission_denied, 403, false);
    CHECK(c.outcome == Outcome::denied);
    CHECK_FALSE(c.stop);
    CHECK(c.answered);
    CHECK(classify_failure(Status::internal, 404, false).outcome == Outcome::missing);
    // What a space of one generation does not offer (a fir space's VPN connections).
    CHECK(classify_failure(Status::internal, 422, false).outcome == Outcome::unprocessable);
    c = classify_failure(Status::internal, 200, true);
    CHECK(c.outcome == Outcome::rejected);  // an answer refused as too deep, too large, malformed
    CHECK_FALSE(c.stop);

    c = classify_failure(Status::network, 0, false);
    CHECK(c.outcome == Outcome::failed);
    CHECK(c.network);
    CHECK_FALSE(c.answered);
    c = classify_failure(Status::internal, 500, false);
    CHECK(c.outcome == Outcome::failed);
    CHECK_FALSE(c.network);
    CHECK(c.answered);
}
