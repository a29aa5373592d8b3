// The host services table on its own: what emit and state_set answer for a refused record or value
// (REJECTED to a 1.1 plugin, BAD_CONFIG to a 1.0 one), extensions it does not offer, the summary
// found by the descriptor's type only.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "host_services.hpp"
#include "support/temp_dir.hpp"

using namespace iru::host;

namespace {

struct Session {
    PluginDescription plugin;
    std::ostringstream out, err;
    Terminal terminal{out, err, false};
    std::unique_ptr<HostSession> session;

    explicit Session(std::uint32_t plugin_minor, std::string summary_type = "t.summary",
                     StateStore* state = nullptr) {
        plugin.id = "t";
        plugin.version = "1.0.0";
        plugin.record_types = {"t.item", "t.summary", "t.collection_summary"};
        plugin.summary_record_type = std::move(summary_type);
        plugin.abi = {1, plugin_minor};
        SessionSetup setup;
        setup.envelope = {"src", "run-1", &plugin};
        setup.terminal = &terminal;
        setup.state = state;
        session = std::make_unique<HostSession>(setup);
    }
    std::int32_t emit(const char* type, const std::string& data) const {
        const iru_record record{sizeof(iru_record), type, "k", data.data(), data.size()};
        return host()->emit(host(), &record);
    }
    const iru_host* host() const { return session->table(); }
};

}  // namespace

TEST_CASE(
    "host session: a refused record is REJECTED for a 1.1 plugin and BAD_CONFIG for a 1.0 one") {
    Session current(1);
    CHECK(current.emit("t.item", "{}") == IRU_STATUS_OK);
    CHECK(current.emit("t.item", "[1]") == IRU_STATUS_REJECTED);
    CHECK(current.emit("t.undeclared", "{}") == IRU_STATUS_REJECTED);
    CHECK(current.host()->emit(current.host(), nullptr) == IRU_STATUS_REJECTED);
    CHECK(current.session->tally().invalid == 3);

    Session old(0);
    CHECK(old.emit("t.item", "{}") == IRU_STATUS_OK);
    CHECK(old.emit("t.item", "not json") == IRU_STATUS_BAD_CONFIG);
}

TEST_CASE("host session: the table is 1.1 and answers NULL for any extension") {
    Session s(1);
    const iru_host* host = s.host();
    REQUIRE(IRU_STRUCT_HAS(host, iru_host, get_extension));
    CHECK(host->abi_version.minor == IRU_PLUGIN_ABI_MINOR);
    REQUIRE(host->get_extension != nullptr);
    CHECK(host->get_extension(host, "iru.no-such-thing/1") == nullptr);
    CHECK(host->get_extension(host, "") == nullptr);
    CHECK(host->get_extension(host, nullptr) == nullptr);
}

TEST_CASE("host session: the summary is the record of the descriptor's summary type, no other") {
    Session s(1, "t.summary");
    CHECK(s.emit("t.collection_summary", R"({"status":"not me"})") == IRU_STATUS_OK);
    CHECK_FALSE(s.session->tally().collection_summary.has_value());
    CHECK(s.emit("t.summary", R"({"status":"ok"})") == IRU_STATUS_OK);
    REQUIRE(s.session->tally().collection_summary.has_value());
    CHECK((*s.session->tally().collection_summary)["status"] == "ok");

    Session none(0, "");
    CHECK(none.emit("t.collection_summary", R"({"status":"ok"})") == IRU_STATUS_OK);
    CHECK_FALSE(none.session->tally().collection_summary.has_value());
}

TEST_CASE(
    "host session: a refused state value is REJECTED for a 1.1 plugin and BAD_CONFIG for a 1.0 "
    "one") {
    iru::test::TempDir dir;
    StateStore state(dir.path() / "state.json");
    const std::string too_big(StateStore::max_value_bytes + 1, 'x');
    Session current(1, "t.summary", &state);
    CHECK(current.host()->state_set(current.host(), "k", "v", 1) == IRU_STATUS_OK);
    CHECK(current.host()->state_set(current.host(), "k", too_big.data(), too_big.size()) ==
          IRU_STATUS_REJECTED);
    Session old(0, "", &state);
    CHECK(old.host()->state_set(old.host(), "k", too_big.data(), too_big.size()) ==
          IRU_STATUS_BAD_CONFIG);
    CHECK(state.get("k") == std::optional<std::string>("v"));
}
