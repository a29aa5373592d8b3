// The transport's small policies and helpers on their own: the in-flight byte budget, the chunked
// decoder, the bounded name resolution, the request deadline, and the one wipe helper.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "api/request_deadline.hpp"
#include "core/secret.hpp"
#include "http/bounded_resolver.hpp"
#include "http/byte_budget.hpp"
#include "http/chunked_decoder.hpp"
#include "http/transport_error.hpp"

using namespace iru::heroku;
using namespace iru::heroku::http;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("the byte budget never lends more than its capacity and wakes waiters as bytes return",
          "[client][budget]") {
    ByteBudget budget(1000);
    auto a = budget.lease();
    REQUIRE(a.grow_to(600, Clock::now() + 1s) == ByteBudget::Grant::granted);
    CHECK(budget.in_use() == 600);
    auto too_big = budget.lease();
    CHECK(too_big.grow_to(1001, Clock::now() + 1s) == ByteBudget::Grant::too_large);

    // A reader holding nothing waits for bytes, and gets them when another lease is dropped.
    auto waiter = std::async(std::launch::async, [&] {
        auto b = budget.lease();
        const auto grant = b.grow_to(700, Clock::now() + 5s);
        return std::make_pair(grant, budget.in_use());
    });
    CHECK(waiter.wait_for(100ms) == std::future_status::timeout);
    a.release();
    const auto [grant, in_use] = waiter.get();
    CHECK(grant == ByteBudget::Grant::granted);
    CHECK(in_use == 700);
    CHECK(budget.in_use() == 0);  // b was dropped
    CHECK(budget.peak() == 700);

    auto c = budget.lease();
    REQUIRE(c.grow_to(900, Clock::now()) == ByteBudget::Grant::granted);
    auto d = budget.lease();
    const auto start = Clock::now();
    CHECK(d.grow_to(200, Clock::now() + 150ms) == ByteBudget::Grant::deadline);
    CHECK(Clock::now() - start >= 140ms);
}

TEST_CASE("two readers that each hold bytes and both need more do not wait for each other forever",
          "[client][budget]") {
    ByteBudget budget(1000);
    auto a = budget.lease();
    auto b = budget.lease();
    REQUIRE(a.grow_to(500, Clock::now()) == ByteBudget::Grant::granted);
    REQUIRE(b.grow_to(500, Clock::now()) == ByteBudget::Grant::granted);
    auto first = std::async(std::launch::async, [&] { return a.grow_to(800, Clock::now() + 5s); });
    std::this_thread::sleep_for(50ms);
    const auto start = Clock::now();
    const auto second =
        b.grow_to(800, Clock::now() + 5s);  // every holder would wait: this one yields
    CHECK(second == ByteBudget::Grant::yield);
    CHECK(Clock::now() - start < 1s);
    b.release();
    CHECK(first.get() == ByteBudget::Grant::granted);
    CHECK(budget.in_use() == 800);
}

TEST_CASE("abort wakes a reader waiting for bytes", "[client][budget]") {
    ByteBudget budget(100);
    auto a = budget.lease();
    REQUIRE(a.grow_to(100, Clock::now()) == ByteBudget::Grant::granted);
    auto waiter = std::async(std::launch::async, [&] {
        auto b = budget.lease();
        return b.grow_to(50, Clock::now() + 10s);
    });
    std::this_thread::sleep_for(50ms);
    budget.abort();
    REQUIRE(waiter.wait_for(1s) == std::future_status::ready);
    CHECK(waiter.get() == ByteBudget::Grant::aborted);
}

namespace {

std::pair<std::string, bool> decode(const std::string& raw, std::size_t piece = 1) {
    ChunkedDecoder decoder;
    std::string body;
    for (std::size_t at = 0; at < raw.size() && !decoder.done(); at += piece)
        decoder.feed(std::string_view(raw).substr(at, piece),
                     [&](std::string_view d) { body.append(d); });
    return {body, decoder.done()};
}

}  // namespace

TEST_CASE("chunked bodies decode whole, in any split, and a torn one is not done",
          "[client][chunked]") {
    const std::string raw = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n";
    for (std::size_t piece : {1u, 2u, 3u, 7u, 100u}) {
        INFO(piece);
        const auto [body, done] = decode(raw, piece);
        CHECK(body == "hello, world");
        CHECK(done);
    }
    CHECK(decode("A\r\n0123456789\r\n0\r\n\r\n").first == "0123456789");
    CHECK_FALSE(decode("5\r\nhello\r\n").second);       // closed before the last chunk
    CHECK_FALSE(decode("5\r\nhel").second);             // closed mid-chunk
    CHECK_FALSE(decode("5\r\nhello\r\n0\r\n").second);  // last chunk without its blank line
    ChunkedDecoder decoder;
    const auto sink = [](std::string_view) {};
    CHECK_THROWS_AS(decoder.feed("zz\r\n", sink), ChunkedError);
    ChunkedDecoder longer;
    CHECK_THROWS_AS(longer.feed("2\r\nhello\r\n", sink), ChunkedError);
    ChunkedDecoder huge;
    CHECK_THROWS_AS(huge.feed("ffffffffffffffffff\r\n", sink), ChunkedError);
    ChunkedDecoder after;
    CHECK(after.feed("0\r\n\r\nHTTP/1.1", sink) == 5);  // what follows the body is not consumed
}

namespace {

// A lookup that answers only after `delay` (never, for a long one), as a slow DNS server would.
class SlowLookup final : public AsyncLookup {
public:
    SlowLookup(std::chrono::milliseconds delay, std::atomic<int>& destroyed)
        : ready_(Clock::now() + delay), destroyed_(destroyed) {}
    ~SlowLookup() override { ++destroyed_; }
    bool wait(std::chrono::milliseconds slice) override {
        const auto until = std::min(ready_, Clock::now() + slice);
        std::this_thread::sleep_until(until);
        return Clock::now() >= ready_;
    }
    std::optional<std::string> address() override { return "192.0.2.7"; }
    std::string error() override { return {}; }

private:
    Clock::time_point ready_;
    std::atomic<int>& destroyed_;
};

}  // namespace

TEST_CASE("name resolution is given up after connect_timeout, or at once on abort",
          "[client][dns]") {
    std::atomic<int> destroyed{0};
    const auto slow = [&](std::chrono::milliseconds delay) {
        return [&destroyed, delay](const std::string&) -> std::unique_ptr<AsyncLookup> {
            return std::make_unique<SlowLookup>(delay, destroyed);
        };
    };
    auto start = Clock::now();
    try {
        resolve_bounded("api.example.com", 300ms, nullptr, slow(60s));
        FAIL("expected a timeout");
    } catch (const TransportError& e) {
        CHECK(e.kind() == TransportError::Kind::timeout);
        CHECK(e.retryable());
        CHECK_THAT(e.what(),
                   Catch::Contains("api.example.com") && Catch::Contains("connect_timeout"));
    }
    CHECK(Clock::now() - start < 800ms);
    CHECK(Clock::now() - start >= 290ms);
    CHECK(destroyed == 1);

    CHECK(resolve_bounded("api.example.com", 2s, nullptr, slow(50ms)) == "192.0.2.7");

    std::atomic<bool> abort{false};
    start = Clock::now();
    auto pending = std::async(std::launch::async, [&] {
        try {
            resolve_bounded(
                "api.example.com", 60s, [&] { return abort.load(); }, slow(60s));
        } catch (const TransportError& e) {
            return e.kind();
        }
        return TransportError::Kind::connection;
    });
    std::this_thread::sleep_for(100ms);
    abort = true;
    REQUIRE(pending.wait_for(1s) == std::future_status::ready);
    CHECK(pending.get() == TransportError::Kind::aborted);

    // A numeric host needs no lookup at all.
    CHECK(resolve_bounded("127.0.0.1", 1ms, nullptr, slow(60s)) == "127.0.0.1");
}

TEST_CASE("the system lookup resolves localhost and names a name that does not resolve",
          "[client][dns]") {
    const auto address = resolve_bounded("localhost", 5s, nullptr);
    CHECK((address == "127.0.0.1" || address == "::1"));
    try {
        resolve_bounded("no-such-host.invalid", 5s, nullptr);
        FAIL("expected an error");
    } catch (const TransportError& e) {
        CHECK(e.kind() != TransportError::Kind::aborted);
        CHECK_THAT(e.what(), Catch::Contains("no-such-host.invalid"));
    }
}

TEST_CASE(
    "a request's total time is connect_timeout plus twice read_timeout, never past the run's end",
    "[client][deadline]") {
    const auto now = Clock::now();
    CHECK(request_deadline(now, 10s, 30s, now + 1h) == now + 70s);
    CHECK(request_deadline(now, 10s, 30s, now + 5s) == now + 5s);
    CHECK(request_deadline(now, 10s, 30s, now - 1s) == now - 1s);
}

TEST_CASE("secure_wipe clears the whole buffer of a string, an earlier longer value included",
          "[client][secret]") {
    std::string text(100, 'S');
    text.assign("short");
    const std::size_t capacity = text.capacity();
    REQUIRE(capacity >= 100);
    iru::secure_wipe(text);
    CHECK(text.empty());
    CHECK(text.capacity() == capacity);  // wiped in place, not reallocated
    // Read the buffer as it is (past size(): fine with libstdc++, whose buffer is capacity()+1).
    const char* bytes = text.data();
    CHECK(std::count(bytes, bytes + capacity, 'S') == 0);

    Secret secret("HRKU-abc");
    secret.clear();
    CHECK(secret.empty());
}
