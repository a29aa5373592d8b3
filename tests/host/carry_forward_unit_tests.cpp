// The pure parts of iru.carry_forward/1: the scope of an envelope line, the scope index and its
// bounds, the check of a line to carry, a snapshot's summary, the scoped envelope, and reading
// lines across chunk boundaries.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "carried_record.hpp"
#include "envelope.hpp"
#include "last_snapshot.hpp"
#include "line_reader.hpp"
#include "sha256.hpp"
#include "snapshot_index.hpp"
#include "support/temp_dir.hpp"

using namespace iru::host;
using nlohmann::json;

namespace {

PluginDescription plugin_declaring(std::vector<std::string> types) {
    PluginDescription plugin;
    plugin.id = "p";
    plugin.record_types = std::move(types);
    plugin.summary_record_type = "p.summary";
    return plugin;
}

std::string scoped_line(const PluginDescription& plugin, const std::string& type,
                        const std::string& scope, const std::string& data = R"({"n":1})") {
    const EnvelopeContext context{"src", "run-0", &plugin};
    const auto made = make_envelope(context, type, "k", data, scope);
    REQUIRE(made.envelope);
    return made.envelope->dump();
}

}  // namespace

TEST_CASE("carry forward: the scope of a line is its top-level scope string, no other") {
    CHECK(envelope_scope(R"({"data":{"scope":"inner"},"scope":"app-1","type":"t"})") == "app-1");
    CHECK(envelope_scope(R"({"data":{"scope":"inner"},"type":"t"})") == std::nullopt);
    CHECK(envelope_scope(R"({"data":[{"scope":"x"}],"key":"scope"})") == std::nullopt);
    CHECK(envelope_scope(R"({"scope":7})") == std::nullopt);
    CHECK(envelope_scope(R"({"scope":"a")") == std::nullopt);  // not JSON
    CHECK(envelope_scope(R"({"scope":"a"} trailing)") == std::nullopt);
}

TEST_CASE("carry forward: the index keeps one span per run of lines of a scope, and its bounds") {
    ScopeIndex index;
    CHECK(index.add("a", 0, 10));
    CHECK(index.add("a", 10, 5));
    CHECK(index.add("b", 15, 7));
    CHECK(index.add("a", 30, 3));  // not right after a's span: a new one
    REQUIRE(index.find("a") != nullptr);
    REQUIRE(index.find("a")->size() == 2);
    CHECK((*index.find("a"))[0].offset == 0);
    CHECK((*index.find("a"))[0].length == 15);
    CHECK((*index.find("a"))[0].lines == 2);
    CHECK((*index.find("a"))[1].offset == 30);
    CHECK(index.find("b")->front().lines == 1);
    CHECK(index.find("c") == nullptr);
    CHECK(index.scopes() == 2);
    CHECK(index.spans() == 3);

    ScopeIndex full;
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < ScopeIndex::max_scopes; ++i, at += 2)
        REQUIRE(full.add("s" + std::to_string(i), at, 1));
    CHECK_FALSE(full.add("one-more", at, 1));
    CHECK(full.add("s0", at, 1));  // a known scope still gets a span
    CHECK(full.scopes() == ScopeIndex::max_scopes);
}

TEST_CASE("carry forward: a line is carried only when valid, of this source, scope and plugin") {
    const PluginDescription plugin = plugin_declaring({"p.app", "p.summary"});
    const CarryRules rules{"src", &plugin};
    const std::string good = scoped_line(plugin, "p.app", "app-1");
    const CarriedLine ok = check_carried_line(good, "app-1", rules);
    CHECK(ok.problem.empty());
    CHECK(ok.type == "p.app");
    CHECK(ok.observed_at == json::parse(good)["observed_at"]);

    CHECK(check_carried_line(good, "app-2", rules).problem == "of another scope");
    CHECK(check_carried_line("{not json", "app-1", rules).problem == "not JSON");
    const PluginDescription newer = plugin_declaring({"p.other", "p.summary"});
    CHECK(check_carried_line(good, "app-1", CarryRules{"src", &newer}).problem ==
          "of a record type the plugin no longer declares");
    CHECK(check_carried_line(good, "app-1", CarryRules{"other-src", &plugin}).problem ==
          "of another source");
    CHECK(check_carried_line(scoped_line(plugin, "p.summary", "app-1"), "app-1", rules).problem ==
          "a run summary record");

    json tampered = json::parse(good);
    tampered["data"]["n"] = 2;
    CHECK(check_carried_line(tampered.dump(), "app-1", rules).problem ==
          "its digest does not match its data");
    json unscoped = json::parse(good);
    unscoped.erase("scope");
    CHECK(check_carried_line(unscoped.dump(), "app-1", rules).problem == "of another scope");
    json extra = json::parse(good);
    extra["more"] = 1;
    CHECK_THAT(check_carried_line(extra.dump(), "app-1", rules).problem,
               Catch::StartsWith("not a valid envelope"));
}

TEST_CASE("carry forward: the scope is written into the envelope and checked by its validation") {
    PluginDescription plugin = plugin_declaring({"p.app"});
    const EnvelopeContext context{"src", "run-1", &plugin};
    const auto scoped = make_envelope(context, "p.app", "k", "{}", "app 1");
    REQUIRE(scoped.envelope);
    CHECK((*scoped.envelope)["scope"] == "app 1");
    CHECK(validate_envelope(*scoped.envelope).empty());
    CHECK_FALSE(make_envelope(context, "p.app", "k", "{}").envelope->contains("scope"));
    // The digest is of the data alone: the same record scoped or not has the same digest.
    CHECK((*scoped.envelope)["digest"] ==
          (*make_envelope(context, "p.app", "k", "{}").envelope)["digest"]);
    for (const std::string& bad :
         {std::string(""), std::string(129, 'a'), std::string("a\nb"), std::string("caf\xc3\xa9")})
        CHECK(make_envelope(context, "p.app", "k", "{}", bad).rejection ==
              "record scope is empty, longer than 128 bytes or not printable ASCII");
    CHECK(make_envelope(context, "p.app", "k", "{}", std::string(128, 'a')).envelope);
    json broken = *scoped.envelope;
    broken["scope"] = 5;
    CHECK(validate_envelope(broken) == "scope must be 1 to 128 bytes of printable ASCII");
}

TEST_CASE("carry forward: a snapshot's summary must be the host's, of this source and plugin") {
    const json summary = {{"format", "iru-host-run-summary/2"},
                          {"run_id", "r1"},
                          {"source_id", "src"},
                          {"plugin", {{"id", "p"}}},
                          {"status", "partial"},
                          {"finished_at", "2026-12-01T00:00:00.000Z"},
                          {"records_file", "records.jsonl"},
                          {"records_written", 3},
                          {"records_sha256", std::string(64, 'a')}};
    SnapshotSummary read;
    REQUIRE(read_snapshot_summary(summary, "r1", "src", "p", &read).empty());
    CHECK_FALSE(read.complete);
    CHECK(read.records == 3);
    CHECK(read.finished_at == "2026-12-01T00:00:00.000Z");
    CHECK(read_snapshot_summary(summary, "r2", "src", "p", &read) ==
          "its summary.json names another run");
    CHECK(read_snapshot_summary(summary, "r1", "src", "q", &read) ==
          "it was written by another plugin");
    CHECK(read_snapshot_summary(summary, "r1", "other", "p", &read) ==
          "it is a run of another source");
    json failed = summary;
    failed["status"] = "network";
    CHECK(read_snapshot_summary(failed, "r1", "src", "p", &read) ==
          "its run was neither complete nor partial");
    json no_hash = summary;
    no_hash.erase("records_sha256");
    CHECK_FALSE(read_snapshot_summary(no_hash, "r1", "src", "p", &read).empty());
    json negative = summary;
    negative["records_written"] = -1;
    CHECK_FALSE(read_snapshot_summary(negative, "r1", "src", "p", &read).empty());
    CHECK(read_snapshot_summary(json(nullptr), "r1", "src", "p", &read) ==
          "its summary.json is missing or not JSON");
}

TEST_CASE("carry forward: lines are read whole across chunk boundaries, offsets exact") {
    iru::test::TempDir dir;
    const auto file = dir.path() / "lines";
    const std::string long_line(LineReader::chunk_bytes + 100, 'x');
    {
        std::ofstream out(file, std::ios::binary);
        out << "one\n" << long_line << "\nthree\n";
    }
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    const std::uint64_t size = 4 + long_line.size() + 1 + 6;
    LineReader reader(fd, 0, size);
    std::string_view line;
    std::uint64_t offset = 0;
    REQUIRE(reader.next(&line, &offset));
    CHECK(line == "one");
    CHECK(offset == 0);
    REQUIRE(reader.next(&line, &offset));
    CHECK(line == long_line);
    CHECK(offset == 4);
    REQUIRE(reader.next(&line, &offset));
    CHECK(line == "three");
    CHECK(offset == 4 + long_line.size() + 1);
    CHECK_FALSE(reader.next(&line, &offset));

    LineReader middle(fd, offset, size);  // a range: just "three"
    REQUIRE(middle.next(&line, &offset));
    CHECK(line == "three");
    CHECK_FALSE(middle.next(&line, &offset));

    LineReader torn(fd, 0, 2);  // a range that does not end with a newline
    CHECK_THROWS_WITH(torn.next(&line, &offset), "the records file does not end with a newline");
    (void)::close(fd);
}
